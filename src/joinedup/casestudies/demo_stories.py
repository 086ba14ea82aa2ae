"""Eight fictional life stories for the Ilford demo. Every person and event here is invented.

Each story: title, summary, the made-up names it uses (the scanner's allow-list), and its
moments as (age in years or None, months or None, period label, life domain, what happened,
directory service keys, what the services did). Service keys are those of the Ilford demo
directory (directory/demo_data.py); a key the directory lacks is skipped.
"""

# ruff: noqa: E501  (one moment a line reads better than wrapped prose)

# fmt: off
STORIES = [
    {
        "title": "Kai: excluded at 14, exploited by 15",
        "summary": (
            "Kai grew up with his mum and two younger sisters. After a permanent exclusion he "
            "spent his days out of school, was groomed into carrying drugs, and was stabbed at "
            "16. Every service saw part of the picture; none saw all of it in time."
        ),
        "allow": ["Kai"],
        "moments": [
            (None, None, "early childhood", "family", "Kai's dad left when Kai was three. Mum worked two cleaning jobs; Kai was often looked after by a neighbour.", [], ""),
            (7, None, "", "education", "Teachers noticed Kai could not sit still and fell behind with reading. He was put on the school's special needs register but never assessed.", ["dsl-network"], "The school wrote a support plan; no referral for an assessment was made."),
            (10, None, "", "family", "Police were called twice to the flat after arguments between mum and a new partner. Kai and his sisters were present both times.", ["neighbourhoods", "mash"], "Police sent notifications to the MASH; both were closed with no further action and a letter to mum."),
            (11, 6, "", "education", "Moved to secondary school. In the first term he had 14 detentions and two fixed-term exclusions for fighting.", ["dsl-network"], ""),
            (13, None, "", "mental_health", "A teacher referred Kai to CAMHS for anger and low mood. He waited nine months for a first appointment and did not attend it.", ["camhs"], "CAMHS discharged him after one missed appointment and wrote to the GP."),
            (14, None, "", "education", "Permanently excluded after bringing a knife to school, which he said was for protection on the way home.", ["inclusion", "safer-schools"], "The school excluded him; the Safer Schools Officer recorded the knife but no one asked who he needed protection from."),
            (14, 3, "", "education", "Waited eleven weeks for a place at the pupil referral unit. Spent the days at the station and in a chicken shop with older boys.", ["ap", "inclusion"], "The inclusion team chased the place; no one checked where Kai spent the days."),
            (14, 8, "", "safety", "Found by transport police 40 miles away carrying cash and two phones. Said he was visiting a friend.", ["neighbourhoods", "exploitation"], "A missing-person return interview was offered four days later; Kai did not engage."),
            (15, None, "", "justice", "Arrested for possession with intent to supply. A National Referral Mechanism referral was made while he was in custody.", ["yot", "gangs", "exploitation"], "The youth justice service and the exploitation team both opened cases and held separate meetings."),
            (15, 4, "", "family", "Mum asked for help because older boys were coming to the door. The family was offered a move out of the borough but the waiting time was over a year.", ["housing-options", "early-help"], "Early help offered parenting sessions; housing placed the family on the management transfer list."),
            (15, 9, "", "substance_use", "Smoking cannabis daily. Referred to the young people's drug service.", ["young-people-sm"], "Two sessions at a youth centre; Kai stopped going when his worker changed."),
            (16, None, "", "safety", "Stabbed in the leg in a park. Treated in A&E and discharged the same night.", ["exploitation", "gangs"], "The hospital youth worker saw Kai; the exploitation team heard about the stabbing a week later."),
            (16, 6, "", "justice", "Given a referral order. Now at college part-time and working with a mentor he trusts.", ["yot"], "The mentor is the first worker who has stayed for more than six months."),
        ],
    },
    {
        "title": "Amira: a mother facing violence at home and eviction",
        "summary": (
            "Amira has two children. Her partner controlled the money and became violent after "
            "the second baby. When she finally left, the rent arrears he had run up followed her, "
            "and she came close to losing a safe home."
        ),
        "allow": ["Amira"],
        "moments": [
            (24, None, "", "family", "Moved in with her partner after her first child was born. He took over the bank card 'to help with budgeting'.", [], ""),
            (26, None, "", "health", "Told the health visitor she felt isolated. The health visitor asked the routine question about abuse with the partner in the room.", [], "Amira said everything was fine."),
            (27, None, "", "safety", "Neighbours called police after hearing screaming. Amira had a cut lip but did not want to make a statement.", ["neighbourhoods", "dau"], "Police completed a risk assessment scored as standard risk and gave her a leaflet."),
            (27, 4, "", "income_work", "The Universal Credit claim was in her partner's name only, paid into his account. Rent stopped being paid.", ["work-coaches"], "The work coach did not know about the abuse; no split payment was discussed."),
            (28, None, "", "safety", "Second police call-out. Her partner strangled her. Assessed as high risk and referred to MARAC.", ["dau", "da-coordination", "idva"], "An IDVA called her within two days; MARAC shared information across eleven agencies."),
            (28, 1, "", "family", "The children's school raised concerns that the older child was withdrawn and hungry.", ["dsl-network", "mash"], "The MASH opened a child and family assessment."),
            (28, 2, "", "housing", "The housing association started possession proceedings for eight months of arrears built up while her partner held the money.", ["tenancy-sustainment", "housing-options"], "The tenancy sustainment officer had not been told about the MARAC case."),
            (28, 3, "", "safety", "Her partner was arrested and released on bail with conditions not to contact her. He breached them twice.", ["dau"], "Each breach led to a new report; he was remanded after the second."),
            (28, 5, "", "housing", "A possession hearing was listed. Amira was told by a friend that the council would not help because she had made herself homeless by not paying rent.", ["housing-options", "idva"], "The IDVA took her to housing options, who accepted a prevention duty and negotiated with the landlord."),
            (28, 7, "", "income_work", "A new Universal Credit claim in her own name, with an advance. Debt advice set up a payment plan for the arrears.", ["work-coaches", "complex-needs"], "The complex needs work coach arranged an easement from work search for three months."),
            (29, None, "", "mental_health", "Panic attacks and poor sleep. Waited five months for talking therapy.", [], "The GP prescribed medication while she waited."),
            (29, 6, "", "family", "The children's case stepped down to early help. Amira joined a freedom programme group run by the refuge charity.", ["early-help", "refuge"], "The early help worker and the IDVA held one joint plan."),
        ],
    },
    {
        "title": "Dennis: A&E, police custody and the street",
        "summary": (
            "Dennis is in his forties. He first heard voices at 19 and has never had treatment "
            "that lasted. Over two years he went to A&E 31 times, was detained by police under "
            "the Mental Health Act six times and slept rough for months at a time."
        ),
        "allow": ["Dennis"],
        "moments": [
            (19, None, "", "mental_health", "First episode of psychosis while at college. Admitted to hospital for six weeks and diagnosed with schizophrenia.", ["cmht"], "Discharged to the community mental health team with a care coordinator."),
            (None, None, "his twenties", "income_work", "Worked on and off in warehouses. Stopped his medication because of weight gain and sleepiness.", [], ""),
            (31, None, "", "family", "His mother, who he lived with and who reminded him about appointments, died.", [], ""),
            (32, None, "", "housing", "Could not take over his mother's tenancy and was evicted. Stayed on friends' sofas.", ["housing-options"], "Housing options found him not in priority need and gave advice."),
            (33, None, "", "mental_health", "Discharged from the community mental health team after missing three appointments in a row.", ["cmht"], "A discharge letter was sent to an address he no longer lived at."),
            (35, None, "", "substance_use", "Drinking heavily. Picked up by the alcohol liaison nurse during an A&E visit after a fall.", ["alcohol-liaison", "adult-treatment"], "Referred to the adult treatment service; he never attended the assessment."),
            (38, None, "", "housing", "Sleeping rough in a car park near the station. Found by the outreach team.", ["rough-sleeping"], "Offered a hostel bed; he refused because he did not feel safe sharing a room."),
            (38, 6, "", "justice", "Detained by police under section 136 after standing in traffic. Held in a cell for 14 hours because no health-based place of safety was free.", ["neighbourhoods", "street-triage"], "Street triage was not on shift; he was assessed and released the next morning."),
            (39, None, "", "health", "A&E attendances every few weeks: injuries, chest pain, distress. 31 visits in two years.", ["crisis"], "The crisis team saw him four times in A&E and discharged him each time when he said he was not suicidal."),
            (39, 8, "", "justice", "Arrested for shoplifting food. The custody liaison nurse flagged his mental health.", ["neighbourhoods"], "He was given a conditional caution; the condition was to see his GP, whom he was not registered with."),
            (40, None, "", "mental_health", "A frequent attender meeting was called by A&E, the police and the outreach team. Agreed one named worker and a plan.", ["street-triage", "rough-sleeping", "cmht"], "The first meeting where everyone was in one room."),
            (40, 3, "", "housing", "Moved into a single room in a Housing First flat with a support worker who visits daily.", ["rough-sleeping", "housing-options"], "Housing First gave him his own front door without conditions."),
            (40, 9, "", "health", "Taking a long-acting injection every month. No A&E visits for five months.", ["cmht"], "The community team re-opened his case with a named care coordinator."),
        ],
    },
    {
        "title": "Joseph: an overstayer with no recourse to public funds",
        "summary": (
            "Joseph came to the UK on a visitor visa twelve years ago and stayed. He worked cash "
            "in hand until an injury stopped him, and found that almost every door was closed to "
            "him because of his immigration status."
        ),
        "allow": ["Joseph"],
        "moments": [
            (34, None, "", "immigration", "Arrived on a six-month visitor visa to visit a cousin. Stayed after it ran out, fearing what would happen if he went back.", [], ""),
            (None, None, "his late thirties", "income_work", "Worked on building sites, paid in cash, sleeping in a room above a shop rented by his employer.", [], "No service knew he was there."),
            (41, None, "", "health", "Fell from scaffolding and broke his back. Treated in hospital; later received a bill for his care.", [], "The hospital's overseas visitors team asked about his status; he stopped attending physiotherapy, afraid of being reported."),
            (41, 3, "", "housing", "Lost the room with the job. Slept in a mosque and then on night buses.", ["rough-sleeping"], "Outreach found him but could not offer a hostel place to someone with no recourse to public funds."),
            (41, 6, "", "immigration", "Was told by a community group that he might have a claim under the ten-year or the private life route, but could not afford a lawyer.", ["ie-engagement"], "No free legal advice was available within a six-week wait."),
            (42, None, "", "mental_health", "Low mood, not eating, thoughts of ending his life. Went to A&E.", ["crisis"], "The crisis team saw him and gave him a helpline number."),
            (42, 2, "", "safety", "Offered work and a bed by a man at a car wash. Worked 12-hour days for no pay and was told he owed money for the bed.", ["adult-safeguarding", "neighbourhoods"], "A police officer visiting the car wash noticed signs of labour exploitation and made a referral."),
            (42, 3, "", "immigration", "Referred into the National Referral Mechanism as a possible victim of modern slavery. Given safe house support while his case was decided.", ["adult-safeguarding"], "The NRM support gave him the first stable accommodation in a year."),
            (42, 8, "", "health", "Registered with a GP for the first time. Physiotherapy restarted.", [], "A charity helped him register and explained that GP care is free."),
            (43, None, "", "immigration", "A lawyer from a legal aid clinic lodged an application for leave to remain.", [], "The application is still waiting for a decision."),
            (43, 4, "", "housing", "Positive reasonable grounds decision ended; moved into a night shelter run by churches.", ["rough-sleeping"], "The outreach team kept in touch weekly."),
        ],
    },
    {
        "title": "Shannon: a care leaver who fell through the gap at 18",
        "summary": (
            "Shannon went into care at 12. Her last foster placement ended on her eighteenth "
            "birthday, and within a year she was in debt, pregnant and sofa-surfing."
        ),
        "allow": ["Shannon"],
        "moments": [
            (None, None, "early childhood", "family", "Grew up with a mother who drank heavily. Often cared for her younger brother.", [], ""),
            (9, None, "", "education", "Often late or absent; came to school in the same clothes for days.", ["dsl-network", "early-help"], "The school referred to early help; mum did not consent and the referral closed."),
            (12, None, "", "family", "Taken into care after her mother was found unconscious at home. Separated from her brother, who went to an aunt.", ["mash", "assessment", "care-leavers"], "Placed in foster care outside the borough."),
            (13, None, "", "family", "Three foster placements in twelve months. Changed school twice.", ["care-leavers"], "Each move was made at short notice because of placement breakdown."),
            (14, None, "", "safety", "Went missing several times; found with older men in a flat.", ["exploitation", "neighbourhoods"], "A child sexual exploitation risk assessment was completed; a safety plan was agreed with her carers."),
            (16, None, "", "education", "Settled with one foster carer and passed five GCSEs.", ["care-leavers"], "Her social worker stayed the same for two years."),
            (17, 6, "", "housing", "Told she could not stay with her foster carer after 18 because the carer's allowance would stop.", ["care-leavers"], "Staying Put was not offered; the carer did not know about it."),
            (18, None, "", "housing", "Moved into a shared supported flat with people much older than her. Felt unsafe and stayed out.", ["care-leavers", "housing-options"], "Her personal adviser visited monthly."),
            (18, 4, "", "income_work", "Universal Credit sanction for missing an appointment she did not know about. Took a payday loan.", ["work-coaches"], "The work coach did not know she was a care leaver."),
            (18, 8, "", "housing", "Lost the supported flat because of arrears and stays away. Sofa-surfing with friends.", ["housing-options", "care-leavers"], "Housing options and her personal adviser each thought the other was leading."),
            (19, None, "", "health", "Pregnant. Booked late with the midwife, who raised a concern because of her history.", ["mash"], "A pre-birth assessment was started."),
            (19, 5, "", "family", "A family group conference brought in her aunt, who offered her a room.", ["early-help", "care-leavers"], "The first time anyone asked who in her family could help."),
        ],
    },
    {
        "title": "Mr B: hoarding, isolation and a fire waiting to happen",
        "summary": (
            "A widower in his seventies who stopped letting anyone in after his wife died. The "
            "flat filled up. Several services knocked on the door; the fire brigade got in first."
        ),
        "allow": ["Mr B"],
        "moments": [
            (68, None, "", "family", "Mr B's wife died after a long illness. He had been her carer for six years.", [], ""),
            (69, None, "", "health", "Stopped going to the GP. Missed a diabetes review and two eye screening appointments.", [], "The practice sent letters."),
            (70, None, "", "housing", "Neighbours complained of a smell and of rubbish on the balcony.", ["asb", "tenancy-sustainment"], "The ASB team sent a warning letter about the state of the balcony."),
            (71, None, "", "housing", "A gas safety check could not be done because he would not open the door. The landlord started legal action to gain access.", ["tenancy-sustainment"], "Three attempts at access, each by letter."),
            (72, None, "", "safety", "Smoke alarm not working; heaters used with clothes drying over them. A neighbour reported smelling burning.", ["hfsv", "fire-community"], "Firefighters made a home fire safety visit, fitted alarms and rated the hoarding at 7 out of 9."),
            (72, 1, "", "health", "The fire crew found him thin and confused and called the adult social care front door.", ["adult-front-door"], "A care assessment was booked for three weeks later."),
            (72, 2, "", "mental_health", "Refused the care assessment. Said the things in the flat were his wife's and he could not throw them away.", ["adult-front-door", "adult-safeguarding"], "A self-neglect safeguarding concern was raised."),
            (72, 4, "", "safety", "A small fire started by a heater. He was treated for smoke inhalation.", ["fire-community", "hfsv"], "The fire service convened a multi-agency risk meeting."),
            (72, 5, "", "housing", "Moved into temporary accommodation while the flat was cleared.", ["housing-options", "tenancy-sustainment"], "The tenancy sustainment worker helped him choose what to keep."),
            (72, 8, "", "mental_health", "Diagnosed with depression and complicated grief. Started bereavement counselling.", ["cmht"], ""),
            (73, None, "", "family", "Back in his flat with a weekly visit from a befriender and a cleaner funded by a care package.", ["adult-front-door"], "One worker now coordinates the plan."),
        ],
    },
    {
        "title": "Ravi: from redundancy to rough sleeping",
        "summary": (
            "A warehouse supervisor made redundant in his fifties. Gambling and drinking took the "
            "redundancy money, the marriage and then the house. He was sleeping rough within "
            "eighteen months."
        ),
        "allow": ["Ravi"],
        "moments": [
            (51, None, "", "income_work", "Made redundant after 22 years with one company. Received a lump sum.", [], ""),
            (51, 6, "", "substance_use", "Started betting online most nights and drinking to get to sleep.", [], ""),
            (52, None, "", "family", "His wife found that most of the redundancy money had gone. They separated.", [], ""),
            (52, 3, "", "income_work", "Claimed Universal Credit. Told his work coach he was struggling to sleep but not about the gambling.", ["work-coaches"], "The work coach set job search goals of 35 hours a week."),
            (52, 8, "", "housing", "Mortgage arrears after the separation. The house was repossessed.", ["housing-options"], "Housing options gave advice about private renting; he did not have a deposit."),
            (53, None, "", "housing", "Stayed with his brother until they argued about his drinking.", [], ""),
            (53, 2, "", "housing", "Sleeping rough in a park and then at the station.", ["rough-sleeping"], "Outreach verified him as rough sleeping and offered a hostel place."),
            (53, 3, "", "substance_use", "Arrested for being drunk and disorderly. Saw the alcohol liaison nurse after a seizure in custody.", ["neighbourhoods", "alcohol-liaison"], "Referred for a detox; the waiting time was eight weeks."),
            (53, 5, "", "mental_health", "Told a hostel worker he had thought about ending his life because of his debts.", ["crisis", "adult-treatment"], "The hostel made an urgent referral; the crisis team called him the same day."),
            (53, 7, "", "substance_use", "Completed a community detox and started a gambling support group.", ["adult-treatment"], ""),
            (54, None, "", "income_work", "Volunteering in a charity warehouse two days a week. Working with a work coach who knows his history.", ["complex-needs"], "The complex needs team linked him to an employment support programme."),
        ],
    },
    {
        "title": "Tia: a young carer nobody counted",
        "summary": (
            "From the age of ten Tia looked after her mum, who has multiple sclerosis and uses "
            "opioids for the pain. Tia's attendance fell, she stopped seeing friends, and no one "
            "asked who was caring for whom."
        ),
        "allow": ["Tia"],
        "moments": [
            (None, None, "early childhood", "family", "Lived with her mum; her dad visited at weekends until she was seven.", [], ""),
            (10, None, "", "health", "Mum was diagnosed with multiple sclerosis and started on strong painkillers.", [], "The neurologist's letters went to the GP."),
            (10, 6, "", "family", "Tia began helping mum to wash and dress, cooking and collecting prescriptions.", [], "No carer's assessment was offered."),
            (11, None, "", "education", "Attendance dropped to 82%. Often late. Told the school she was looking after mum.", ["dsl-network", "inclusion"], "The school sent attendance letters and a fixed penalty warning."),
            (12, None, "", "substance_use", "Mum was using more painkillers than prescribed and buying extra tablets online.", [], "Her GP reduced the prescription without a plan for withdrawal."),
            (12, 5, "", "safety", "Tia called an ambulance when mum could not be woken. Mum was treated for an overdose.", ["mash"], "Paramedics made a safeguarding referral about Tia."),
            (12, 6, "", "family", "A social worker visited. Tia said she was fine and did not want to be taken away from mum.", ["assessment", "early-help"], "The case was stepped down to early help after one visit."),
            (13, None, "", "mental_health", "Self-harming. A friend told a teacher.", ["dsl-network", "camhs"], "The school's mental health support team saw Tia for six sessions."),
            (13, 4, "", "substance_use", "Mum started treatment for opioid dependence.", ["adult-treatment"], "The treatment service did not ask whether she had children who cared for her."),
            (13, 8, "", "family", "Identified as a young carer by a new early help worker. Joined a young carers' group and got a break one evening a week.", ["early-help", "adult-front-door"], "An adult social care assessment for mum led to a morning care call."),
            (14, None, "", "education", "Attendance back over 95%. Has a named teacher she can talk to.", ["dsl-network"], ""),
        ],
    },
]
# fmt: on
