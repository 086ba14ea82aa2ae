# ruff: noqa: E501  (data tables read best one row to a line)
"""The fictional Ilford pathways: nine published pathways over the Ilford demo directory, every
responding service's thresholds, and five misalignments for the check page to find.

Idempotent and respectful: it creates only what is missing (levels, the two Ilford need terms,
the few teams the pathways need that the directory demo lacks, thresholds, pathways) and never
changes a row a person may have edited since.

The misalignments, each a way a person gets passed around:
- the Community Mental Health Team is named at level 3 of the mental health pathway, but its own
  threshold is level 4 only (a bounce: the classic "not for us, back to the GP");
- acute substance misuse relies on the Hospital Alcohol Liaison post, which is vacant
  (temporarily closed): a dead end, and an inactive service named;
- the Adult Safeguarding Team's reply is due in 72 hours at level 4, slower than the Front
  Door's 48 hours at level 3 (slower when worse);
- youth offending at level 3 escalates to the Community Safety Partnership, which takes no
  referrals (an escalation bounce);
- purposeful activity at level 2 names nobody to escalate to (no escalation).
"""

import datetime

from django.utils import timezone

from joinedup.core.demo import register_demo_loader

# Imported first so that its loader is registered (and runs) before ours: the pathways name
# its teams.
from joinedup.directory import demo as _directory_demo  # noqa: F401
from joinedup.directory.models import (
    NEEDS_TAXONOMY,
    Attribute,
    Contact,
    Organization,
    Phone,
    Service,
    TaxonomyTerm,
)
from joinedup.directory.taxonomies import ensure_taxonomies, need_id, sector_id, stable_id
from joinedup.pathways import services as pathways
from joinedup.pathways.models import Pathway, PathwayVersion, Step, Threshold

# Needs the shared taxonomy lacks, added as Ilford's own terms: code, name, description.
ILFORD_NEEDS = [
    ("exploitation", "Exploitation", "A child or young person may be criminally or sexually exploited, including county lines and going missing."),
    ("purposeful-activity", "Purposeful activity", "Someone needs something purposeful to do: work, training, volunteering or youth activities."),
]  # fmt: skip

# Teams the pathways need that the directory demo does not have: key, organisation key (a new
# one when not in the directory demo), name, need codes, email local part, phone, description.
EXTRA_ORGANISATIONS = {
    "volunteer-redbridge": ("Volunteer Redbridge", "volunteer.charity.example", "The volunteer centre for Redbridge."),
}  # fmt: skip
EXTRA_TEAMS = [
    ("da-outreach", "safehaven", "Safe Haven Community Outreach", ["domestic-abuse"], "outreach", "020 7946 0591",
     "Community support for people at standard and medium risk of domestic abuse: safety planning, groups and recovery."),
    ("housing-emergency", "council", "Housing Options Emergency Duty Line", ["homelessness"], "housingduty", "020 7946 0592",
     "Same-day and out-of-hours help for anyone with nowhere safe to stay tonight, and escalation for Housing Options cases."),
    ("talking-therapies", "nelft", "Redbridge NHS Talking Therapies", ["mental-health-crisis"], "talkingtherapies", "020 7946 0593",
     "Talking therapies for adults with anxiety, low mood or stress; self-referral or through a professional."),
    ("drugs-partnership", "council", "Redbridge Combating Drugs Partnership", ["substance-misuse"], "drugspartnership", "020 7946 0594",
     "The council's public health commissioners of drug and alcohol treatment; escalate here when a provider does not respond."),
    ("youth-service", "council", "Redbridge Youth Service", ["purposeful-activity"], "youthservice", "020 7946 0595",
     "Youth clubs, detached youth work, sport and the Duke of Edinburgh's Award for young people aged 11 to 19 (25 with SEND)."),
    ("adult-learning", "council", "Redbridge Institute of Adult Learning", ["purposeful-activity", "unemployment"], "adultlearning", "020 7946 0596",
     "English, maths, digital skills and vocational courses for adults, free for people on benefits."),
    ("volunteering", "volunteer-redbridge", "Volunteer Redbridge", ["purposeful-activity"], "hello", "020 7946 0597",
     "Finds volunteering for residents, including supported volunteering for people returning to work."),
    ("work-redbridge", "council", "Work Redbridge Employment Support", ["purposeful-activity", "unemployment"], "workredbridge", "020 7946 0598",
     "Key workers who help residents with barriers into work, apprenticeships and training."),
]  # fmt: skip

# A named contact for each of those teams (fictional), so the demo's coverage gaps stay the
# directory demo's own: name, job title.
# Each of those teams' sector (directory sector codes), so invitation lists and the network
# place them like any other team.
EXTRA_SECTORS = {
    "da-outreach": "domestic-abuse",
    "housing-emergency": "housing",
    "talking-therapies": "mental-health",
    "drugs-partnership": "substance-misuse",
    "youth-service": "early-help",
    "adult-learning": "jobcentre",
    "volunteering": "early-help",
    "work-redbridge": "jobcentre",
}
EXTRA_CONTACTS = {
    "da-outreach": ("Maya Osei", "Outreach coordinator"),
    "housing-emergency": ("Callum Reid", "Duty manager"),
    "talking-therapies": ("Dr Ines Moreau", "Clinical lead"),
    "drugs-partnership": ("Farah Siddiqui", "Partnership manager"),
    "youth-service": ("Jordan Ellis", "Senior youth worker"),
    "adult-learning": ("Bea Kowalczyk", "Learner support manager"),
    "volunteering": ("Tomasz Nowak", "Volunteer centre manager"),
    "work-redbridge": ("Aisha Bello", "Employment support lead"),
}

MASH_TIMES = "red within 4 working hours, amber within 24, green within 72"
SHARE_WITHOUT_CONSENT = (
    "You may share without consent where a child or adult is at risk of significant harm and "
    "asking would increase the risk or cause delay; record what you shared, with whom and why."
)

# need code, title, [(level, [service keys], how, detail, hours, escalate key, consent,
#   consent note, [indicators])]
PATHWAYS = [
    ("child-at-risk", "A child may be at risk of harm", [
        (1, ["dsl-network"], "in-person", "Talk to the school's designated safeguarding lead, or the health visitor or GP", 72, "early-help", "inform", "Tell the family what you are worried about and what you will do.",
         ["The child's needs are met by school, GP and health visitor", "A one-off worry that the school can follow up"]),
        (2, ["early-help"], "joinedup", "Early Help request sent in Joinedup, completed with the family", 72, "mash", "ask", "Early help is voluntary: the family must agree to the request.",
         ["School attendance falling", "Parent asks for help with routines or behaviour", "Young carer", "Family facing eviction with children in the home"]),
        (3, ["mash"], "form", f"Multi-agency referral form to the MASH ({MASH_TIMES}); children's social care decides within one working day", 24, "assessment", "inform", "Tell the parents you are referring unless that would put the child at risk.",
         ["Several needs that one agency cannot meet", "Neglect: the child is often hungry, unwashed or left alone", "Domestic abuse in the home"]),
        (4, ["mash", "caiT"], "phone", f"Call the MASH now and follow up in writing within 24 hours ({MASH_TIMES}). If a child is in immediate danger call 999", 4, "assessment", "not-needed", SHARE_WITHOUT_CONSENT,
         ["A child says they have been hurt or abused", "Injury to a baby or a child who cannot explain it", "A child is missing or at immediate risk"]),
    ]),
    ("domestic-abuse", "Someone is experiencing domestic abuse", [
        (2, ["da-outreach"], "form", "Safe Haven referral form with the DASH risk checklist (standard risk: fewer than 10 yes answers)", 72, "idva", "ask", "Ask first, when it is safe to: tell them what you will share and with whom.",
         ["DASH score below 10", "Controlling or jealous behaviour", "Wants support but is not in immediate danger"]),
        (3, ["idva", "housing-options"], "email", "Email the IDVA referral form with the DASH (medium risk: 10 to 13 yes answers, or abuse getting worse)", 24, "da-coordination", "ask", "Ask for consent; if it is refused and the risk is rising, discuss with your safeguarding lead.",
         ["DASH score 10 to 13", "Abuse is getting worse or more frequent", "Has to leave home to be safe"]),
        (4, ["da-coordination", "dau"], "form", "MARAC referral to the MARAC coordinator (high risk: DASH 14 or more, professional judgement, or 3 or more police call-outs in 12 months); report crime to the police. In an emergency call 999", 24, "mash", "not-needed", "A MARAC referral may go ahead without consent to prevent serious harm; tell the person unless that increases the risk.",
         ["DASH score 14 or more", "Professional judgement says high risk", "3 or more police-reported incidents in the last 12 months", "Threats to kill, strangulation or a weapon used"]),
    ]),
    ("exploitation", "A child or young person may be exploited", [
        (2, ["safer-schools", "inclusion"], "in-person", "Talk to the Safer Schools Officer or the school inclusion team", 72, "exploitation", "ask", "Talk to the young person and their parents unless that would put them at risk.",
         ["Going missing from school or home for short periods", "New older friends, phones, money or clothes", "Excluded or on a reduced timetable"]),
        (3, ["exploitation"], "email", "Refer to the Contextual Safeguarding and Exploitation Team for the weekly exploitation panel", 48, "mash", "inform", "Tell the young person and family that you are referring and why.",
         ["Known to be carrying drugs or money for others", "Going missing overnight", "Linked to a location or group where exploitation is known"]),
        (4, ["mash", "gangs"], "phone", f"Call the MASH ({MASH_TIMES}); a missing child is reported to the police on 999 or 101", 4, "assessment", "not-needed", SHARE_WITHOUT_CONSENT,
         ["Found out of area (county lines)", "Injured, threatened or held against their will", "Sexual exploitation disclosed or suspected"]),
    ]),
    ("homelessness", "Someone is homeless or about to lose their home", [
        (2, ["tenancy-sustainment", "complex-needs"], "email", "Email the Tenancy Sustainment Team with the tenant's consent; ask the Jobcentre about easements for rent arrears", 72, "housing-options", "ask", "Housing help needs the person's agreement.",
         ["Rent arrears or a notice seeking possession", "Hoarding or disrepair putting the tenancy at risk", "Universal Credit housing costs not being paid"]),
        (3, ["housing-options"], "form", "Duty to Refer form to Housing Options (homeless, or at risk within 56 days)", 24, "housing-emergency", "ask", "The Duty to Refer needs the person's consent.",
         ["Family facing eviction within 56 days", "Section 21 or eviction notice received", "Asked to leave by family or friends", "Fleeing domestic abuse (no local connection needed)"]),
        (4, ["rough-sleeping", "housing-options"], "phone", "Call the Housing Options emergency line today; someone sleeping rough is reported to StreetLink and the outreach team", 4, "housing-emergency", "inform", "Tell the person who you are contacting; a family with children is also referred to the MASH.",
         ["Nowhere safe to stay tonight", "Sleeping rough", "Family with children with nowhere to go"]),
    ]),
    ("mental-health-crisis", "Someone's mental health is getting worse or they are in crisis", [
        (2, ["talking-therapies"], "form", "Self-referral or professional referral to NHS Talking Therapies", 72, "cmht", "ask", "Ask the person; they can refer themselves.",
         ["Low mood or anxiety affecting daily life", "Stress after a life event", "No thoughts of harming themselves"]),
        (3, ["cmht", "camhs"], "form", "Single point of access referral (CMHT for adults, CAMHS for under 18s)", 72, "crisis", "ask", "Ask for consent unless the person lacks capacity to decide; then act in their best interests.",
         ["Severe or long-lasting mental illness", "Not coping with treatment from the GP", "Self-harm without immediate danger to life"]),
        (4, ["crisis", "street-triage"], "phone", "Call the 24-hour mental health crisis line; if life is at risk call 999", 4, "neighbourhoods", "not-needed", "Share without consent to protect life; tell the person what you are doing.",
         ["Thoughts of suicide with a plan", "Psychotic symptoms putting them or others at risk", "Cannot keep themselves safe tonight"]),
    ]),
    ("substance-misuse", "Drug or alcohol use is harming someone", [
        (2, ["adult-treatment", "young-people-sm"], "in-person", "Walk in to Clearway Monday to Friday mornings, or use the referral form (Young People's Service for under 25s)", 72, "drugs-partnership", "ask", "Treatment is voluntary: the person must agree.",
         ["Drinking or drug use is causing problems at home, work or school", "Wants to cut down or stop"]),
        (3, ["adult-treatment"], "form", "Clearway referral form for dependent use with other needs (housing, mental health, children at home)", 48, "drugs-partnership", "ask", "Ask for consent; where children are at risk, share with the MASH without it.",
         ["Dependent drinking or drug use", "Children at home affected", "Also homeless or with mental ill health"]),
        (4, ["alcohol-liaison"], "phone", "Call the Hospital Alcohol Liaison nurse at King George Hospital; in an overdose or withdrawal seizure call 999", 4, "drugs-partnership", "inform", "Tell the person who you are contacting.",
         ["Alcohol withdrawal or seizures", "Admitted to hospital because of drink or drugs", "Overdose in the last month"]),
    ]),
    ("adult-safeguarding", "An adult with care and support needs may be at risk of abuse or neglect", [
        (2, ["adult-front-door", "hfsv"], "form", "Adult social care online form; book a home fire safety visit where there is hoarding, smoking or oxygen", 72, "adult-safeguarding", "ask", "Ask the adult; respect their choices if they have capacity.",
         ["Struggling to care for themselves", "Carer under strain", "Hoarding or fire risk at home"]),
        (3, ["adult-front-door"], "form", "Raise a safeguarding concern through the Adult Social Care Front Door", 48, "adult-safeguarding", "inform", "Tell the adult you are raising a concern unless that increases the risk.",
         ["Signs of neglect or self-neglect", "Financial abuse suspected", "Unexplained injuries"]),
        (4, ["adult-safeguarding"], "phone", "Call the Adult Safeguarding Team for a section 42 enquiry; in an emergency call 999", 72, "neighbourhoods", "not-needed", "Share without consent where others are at risk, a crime is suspected, or the adult lacks capacity.",
         ["Serious physical or sexual abuse", "Modern slavery or trafficking", "Abuse in a care setting affecting several people"]),
    ]),
    ("youth-offending", "A young person is offending or at risk of offending", [
        (2, ["safer-schools", "ap"], "in-person", "Talk to the Safer Schools Officer or the Alternative Provision team", 72, "yot", "ask", "Ask the young person and their parents.",
         ["Anti-social behaviour", "Excluded or at risk of exclusion", "Carrying a knife is talked about"]),
        (3, ["yot"], "email", "Prevention referral to the Youth Justice Service by email", 48, "community-safety", "ask", "Prevention work is voluntary: ask the young person and their parents.",
         ["First arrest or community resolution", "Out-of-court disposal being considered"]),
        (4, ["yot", "gangs"], "phone", "Call the Youth Justice Service duty officer; after a charge the court asks the YOT", 24, "exploitation", "inform", "Tell the young person who you are sharing with; the YOT shares under its statutory duties.",
         ["Charged with an offence", "Involved in serious violence", "Released from custody"]),
    ]),
    ("purposeful-activity", "Someone needs something purposeful to do: work, training, volunteering or youth activities", [
        (1, ["youth-service", "volunteering", "adult-learning"], "in-person", "Drop in to a youth club, Volunteer Redbridge or the Institute of Adult Learning; anyone can self-refer", 72, "", "inform", "Self-referral: the person chooses.",
         ["Wants something to do after school or at weekends", "Wants to volunteer, learn English or gain skills"]),
        (2, ["work-coaches", "youth-service", "work-redbridge"], "form", "Work Redbridge referral form or a joint appointment with the Jobcentre work coach", 72, "", "ask", "Ask the person: employment support is voluntary.",
         ["Young person not in education, employment or training (NEET)", "Out of work for more than six months", "Leaving school with no plan"]),
        (3, ["complex-needs", "care-leavers"], "email", "Email the Jobcentre Complex Needs lead, or the care leaver's personal adviser", 48, "work-redbridge", "ask", "Ask the person; share with their personal adviser if they are a care leaver.",
         ["Care leaver not in work or training", "Leaving prison or a YOT order", "Homeless or in recovery and wants work"]),
    ]),
]  # fmt: skip

# Thresholds beyond what the steps imply (a service takes a need at every level where a step
# names it): escalation targets, other needs, and the planted CMHT bounce (level 4 only).
THRESHOLDS = {
    ("assessment", "child-at-risk"): [3, 4],
    ("assessment", "exploitation"): [4],
    ("mash", "domestic-abuse"): [4],
    ("housing-emergency", "homelessness"): [3, 4],
    ("neighbourhoods", "mental-health-crisis"): [4],
    ("neighbourhoods", "adult-safeguarding"): [4],
    ("drugs-partnership", "substance-misuse"): [2, 3, 4],
    ("exploitation", "exploitation"): [3, 4],
    ("exploitation", "youth-offending"): [3, 4],
    ("idva", "domestic-abuse"): [3, 4],
    ("work-redbridge", "purposeful-activity"): [2, 3],
    ("cmht", "mental-health-crisis"): [4],
    ("housing-options", "domestic-abuse"): [3, 4],
    ("refuge", "domestic-abuse"): [3, 4],
    ("refuge", "homelessness"): [4],
    ("camhs", "child-at-risk"): [3],
    ("early-help", "school-exclusion"): [2],
    ("inclusion", "school-exclusion"): [2, 3],
    ("work-coaches", "unemployment"): [1, 2],
    ("complex-needs", "unemployment"): [2, 3],
}


def _service_id(place, key):
    return stable_id("demo", place.slug, "service", key)


def ensure_ilford_needs(place) -> dict:
    """Ilford's own need terms (created once, never changed); return {code: term}."""
    needs = TaxonomyTerm.objects.filter(taxonomy__key=NEEDS_TAXONOMY).first().taxonomy
    terms = {}
    for code, name, description in ILFORD_NEEDS:
        terms[code], _ = TaxonomyTerm.objects.get_or_create(
            pk=stable_id("demo", place.slug, "need", code),
            defaults={
                "place": place,
                "taxonomy": needs,
                "code": code,
                "name": name,
                "description": description,
                "taxonomy_name": needs.name,
            },
        )
    return terms


def ensure_extra_teams(place, need_terms: dict) -> None:
    """The teams the pathways need that the directory demo lacks (created once)."""
    orgs = {}
    for key, (name, domain, description) in EXTRA_ORGANISATIONS.items():
        orgs[key], _ = Organization.objects.get_or_create(
            pk=stable_id("demo", place.slug, "org", key),
            defaults={
                "place": place,
                "name": name,
                "description": description,
                "email": f"hello@{domain}",
            },
        )
    domains = {
        "council": "redbridge.council.example",
        "safehaven": "safehaven.charity.example",
        "nelft": "nelft.nhs.example",
    }
    for key, org_key, name, needs, mailbox, phone, description in EXTRA_TEAMS:
        if Service.objects.filter(pk=_service_id(place, key)).exists():
            continue
        org = (
            orgs.get(org_key)
            or Organization.objects.filter(pk=stable_id("demo", place.slug, "org", org_key)).first()
        )
        domain = domains.get(org_key) or EXTRA_ORGANISATIONS[org_key][1]
        service = Service.objects.create(
            pk=_service_id(place, key),
            place=place,
            organization=org,
            name=name,
            description=description,
            email=f"{mailbox}@{domain}",
            assured_date=timezone.localdate() - datetime.timedelta(days=30),
        )
        Phone.objects.create(
            pk=stable_id("demo", place.slug, "service-phone", key),
            place=place,
            service=service,
            number=phone,
            type="voice",
            description="Team line",
        )
        contact_name, title = EXTRA_CONTACTS[key]
        first, last = contact_name.replace("Dr ", "").split(" ", 1)
        Contact.objects.create(
            pk=stable_id("demo", place.slug, "contact", key),
            place=place,
            service=service,
            name=contact_name,
            title=title,
            email=f"{first}.{last}@{domain}".lower(),
        )
        Attribute.objects.create(
            pk=stable_id("demo", place.slug, "attribute", key, "sector"),
            place=place,
            service=service,
            taxonomy_term=TaxonomyTerm.objects.get(pk=sector_id(EXTRA_SECTORS[key])),
            link_id=service.pk,
            link_entity="service",
            link_type="sector",
        )
        for code in needs:
            term = need_terms.get(code) or TaxonomyTerm.objects.get(pk=need_id(code))
            Attribute.objects.create(
                pk=stable_id("demo", place.slug, "attribute", key, str(term.pk)),
                place=place,
                service=service,
                taxonomy_term=term,
                link_id=service.pk,
                link_entity="service",
                link_type="need",
            )


def _needs_by_code(place, ilford_terms: dict) -> dict:
    codes = {code for code, _title, _steps in PATHWAYS} | {code for _k, code in THRESHOLDS}
    terms = dict(ilford_terms)
    for code in codes - set(terms):
        terms[code] = TaxonomyTerm.objects.get(pk=need_id(code))
    return terms


def demo_thresholds() -> dict:
    """{(service key, need code): levels}: what the steps imply, then THRESHOLDS on top."""
    implied: dict = {}
    for code, _title, steps in PATHWAYS:
        for level, keys, *_rest in steps:
            for key in keys:
                implied.setdefault((key, code), set()).add(level)
    result = {k: sorted(v) for k, v in implied.items()}
    result.update(THRESHOLDS)
    return result


def load_ilford_pathways(place, convenor=None) -> None:
    """Create whatever of the Ilford pathways demo is missing."""
    pathways.ensure_levels(place=place)
    ilford_terms = ensure_ilford_needs(place)
    ensure_extra_teams(place, ilford_terms)
    needs = _needs_by_code(place, ilford_terms)
    services = {s.pk: s for s in Service.objects.filter(place=place)}

    def service(key):
        return services[_service_id(place, key)]

    existing = set(Threshold.objects.filter(place=place).values_list("service_id", "need_id"))
    Threshold.objects.bulk_create(
        [
            Threshold(place=place, service=service(key), need=needs[code], levels=levels)
            for (key, code), levels in sorted(demo_thresholds().items())
            if (_service_id(place, key), needs[code].pk) not in existing
        ]
    )
    reviewed = timezone.localdate() - datetime.timedelta(days=45)
    for code, title, steps in PATHWAYS:
        if Pathway.objects.filter(place=place, need=needs[code]).exists():
            continue
        pathway = Pathway.objects.create(
            place=place, need=needs[code], title=title, last_reviewed=reviewed
        )
        version = PathwayVersion.objects.create(
            place=place,
            pathway=pathway,
            number=1,
            title=title,
            status=PathwayVersion.Status.PUBLISHED,
            created_by=convenor,
            published_by=convenor,
            published_at=timezone.now() - datetime.timedelta(days=45),
            change_note="Agreed at the Ilford safeguarding partnership",
        )
        for level, keys, how, detail, hours, escalate, consent, note, indicators in steps:
            step = Step.objects.create(
                place=place,
                version=version,
                code=f"{code}-{level}",
                level=level,
                indicators=indicators,
                route_how=how,
                route_detail=detail,
                response_hours=hours,
                escalate_to=service(escalate) if escalate else None,
                consent=consent,
                consent_note=note,
            )
            step.services.set([service(key) for key in keys])


@register_demo_loader
def load_pathways_demo(demo) -> None:
    """Levels of need in every demo place; the Ilford pathways in full."""
    ensure_taxonomies()
    for place in demo.places.values():
        pathways.ensure_levels(place=place)
    if "ilford" in demo.places:
        load_ilford_pathways(demo.places["ilford"], demo.users.get("convenor"))
