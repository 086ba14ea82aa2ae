"""What the tables of Ilford's joined-up day captured (fictional, like the stories).

Per story, by the story's title prefix: intervention points as (moment number, placement,
sector code, service key or "", what could have been done, how early), proposed actions as
(what, owner service key, days after the event), and notes.
"""

# ruff: noqa: E501  (one captured item a line reads better than wrapped prose)

# fmt: off
CAPTURED = {
    "Kai": {
        "points": [
            (3, "on", "child-protection", "mash", "Two police notifications in a year should have triggered an early help offer, not a letter.", "early_help"),
            (5, "on", "mental-health", "camhs", "CAMHS could have offered the first appointment at school instead of discharging after one miss.", "early_help"),
            (6, "on", "schools", "safer-schools", "Ask why a 14-year-old carries a knife 'for protection' before excluding him: it was the first sign of exploitation.", "early_help"),
            (7, "on", "schools", "inclusion", "Daily contact from the inclusion team during the eleven weeks without a school place.", "prevention"),
            (8, "after", "youth-offending", "exploitation", "A return interview within 72 hours by someone Kai already knew.", "crisis"),
            (10, "on", "housing", "housing-options", "A fast-track move for families threatened by exploiters.", "crisis"),
        ],
        "actions": [
            ("Agree that no child is excluded without a contextual safeguarding check", "inclusion", 60),
            ("Offer a pupil referral unit place within 5 school days of any permanent exclusion", "ap", 90),
            ("Hold one joint plan between the youth justice service and the exploitation team", "yot", 30),
        ],
        "notes": ["Every service saw part of the picture. The table kept coming back to the gap between exclusion and the PRU place."],
    },
    "Amira": {
        "points": [
            (2, "on", "early-help", "", "Health visitors ask about abuse only when the partner is not in the room.", "prevention"),
            (4, "on", "jobcentre", "work-coaches", "Offer split Universal Credit payments whenever a work coach sees only one name on a family claim.", "prevention"),
            (7, "on", "housing", "tenancy-sustainment", "Housing associations check MARAC flags before starting possession for arrears.", "early_help"),
            (9, "on", "domestic-abuse", "idva", "The IDVA going with her to housing options worked: make it the default.", "crisis"),
        ],
        "actions": [
            ("Write a protocol so that arrears built up by an abuser do not count against the survivor", "housing-options", 90),
            ("Brief work coaches on economic abuse and split payments", "complex-needs", 45),
        ],
        "notes": ["The first police call was assessed as standard risk; everyone agreed the strangulation a year later was foreseeable."],
    },
    "Dennis": {
        "points": [
            (5, "on", "mental-health", "cmht", "Do not discharge after missed appointments without a visit to the last known address.", "early_help"),
            (4, "on", "housing", "housing-options", "Treat untreated psychosis as priority need when assessing homelessness.", "prevention"),
            (8, "on", "police", "street-triage", "Street triage cover in the evenings, when most section 136 detentions happen.", "crisis"),
            (9, "on", "mental-health", "crisis", "A frequent-attender plan after the fifth A&E visit, not the thirty-first.", "crisis"),
        ],
        "actions": [
            ("Set up a monthly frequent-attender meeting with A&E, police and outreach", "street-triage", 30),
            ("Extend Housing First to people discharged from mental health services", "rough-sleeping", 120),
        ],
        "notes": ["Everyone had a record of Dennis; nobody had a relationship with him until Housing First."],
    },
    "Joseph": {
        "points": [
            (3, "on", "immigration-enforcement", "ie-engagement", "Clear information that GP care is free and that seeing a doctor does not mean being reported.", "prevention"),
            (5, "on", "housing", "rough-sleeping", "A small fund for emergency beds for people with no recourse to public funds.", "crisis"),
            (6, "on", "immigration-enforcement", "", "Free immigration advice within a week, through a partnership with a legal clinic.", "early_help"),
        ],
        "actions": [
            ("Map free immigration advice in the borough and add it to the directory", "ie-engagement", 60),
            ("Train outreach and police on spotting labour exploitation at car washes", "adult-safeguarding", 90),
        ],
        "notes": ["NRM support was the first stable bed Joseph had in a year: that should not need exploitation to unlock it."],
    },
    "Shannon": {
        "points": [
            (2, "on", "early-help", "early-help", "When a parent refuses early help, the school keeps a named adult for the child.", "prevention"),
            (7, "on", "childrens-social-care", "care-leavers", "Staying Put should be offered to every foster carer before the 18th birthday.", "prevention"),
            (9, "on", "jobcentre", "work-coaches", "Flag care leavers on Universal Credit so sanctions are reviewed first.", "early_help"),
        ],
        "actions": [
            ("Check that every 17-year-old in care has a Staying Put conversation on record", "care-leavers", 60),
        ],
        "notes": [],
    },
    "Mr B": {
        "points": [
            (3, "on", "community-safety", "asb", "A visit, not a warning letter, when a neighbour reports a smell from an older person's home.", "prevention"),
            (5, "on", "fire", "hfsv", "A hoarding score of 7 should trigger a multi-agency meeting straight away.", "early_help"),
            (6, "after", "adult-social-care", "adult-front-door", "Assess within days, not three weeks, when the fire service finds someone confused.", "early_help"),
        ],
        "actions": [
            ("Agree a hoarding protocol between fire, housing and adult social care", "fire-community", 90),
        ],
        "notes": ["Grief was the root; nobody asked about his wife until month eight."],
    },
    "Ravi": {
        "points": [
            (4, "on", "jobcentre", "work-coaches", "Ask about gambling and drinking at the first work coach appointment after redundancy.", "prevention"),
            (8, "on", "substance-misuse", "alcohol-liaison", "A detox within a week after a seizure in custody.", "crisis"),
        ],
        "actions": [
            ("Add gambling support to the directory and to the Jobcentre's referral list", "complex-needs", 45),
        ],
        "notes": [],
    },
    "Tia": {
        "points": [
            (3, "on", "adult-social-care", "adult-front-door", "A carer's assessment when a parent with a disabling illness has a child at home.", "prevention"),
            (4, "on", "schools", "inclusion", "Attendance letters should ask why before they fine: Tia said she was caring.", "early_help"),
            (9, "on", "substance-misuse", "adult-treatment", "Drug treatment services ask every parent who looks after them at home.", "early_help"),
        ],
        "actions": [
            ("Add a young carer question to the school attendance process", "dsl-network", 60),
        ],
        "notes": ["The table agreed Tia was invisible because she coped."],
    },
}
# fmt: on
