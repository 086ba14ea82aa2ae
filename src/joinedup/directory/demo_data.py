# ruff: noqa: E501  (data tables read best one row to a line)
"""The fictional directories of the demo places. Every person, team detail, address and number
is invented: phones are drawn from Ofcom's drama ranges by the loader, emails use .example.

Team rows: key, organisation key, name, sectors, needs, contact titles, options. Options:
status, checked (days since the record was last checked; None = never), location (key),
hours (schedule key), alt (alternate name), email (team mailbox local part), age (min, max),
description, eligibility, refer (how to refer).
"""

# Invented names from many backgrounds; the loader hands them out to contacts in order.
PEOPLE = """
Amara Okonkwo; Daniel Whitfield; Priya Chandrasekaran; Tomasz Nowak; Fatima Hussain;
Ben Adeyemi; Sinead O'Connell; Ravi Patel; Hannah Goldberg; Kwame Mensah; Leyla Demir;
Oliver Brennan; Nadia Rahman; Chidi Eze; Maria Kowalczyk; James Thornton; Aisha Begum;
Callum McIntyre; Yusuf Ali; Grace Oyelaran; Stefan Ionescu; Ruth Abrahams; Imran Sheikh;
Chloe Dubois; Samuel Boateng; Zainab Mahmood; Patrick Doyle; Mei Lin Chen; Arjun Mehta;
Rebecca Hale; Kofi Asante; Shabnam Akhtar; Liam Gallagher-Reid; Ewa Zielinska;
Marcus Campbell; Harpreet Kaur; Joseph Mwangi; Tamsin Penrose; Omar Farouk; Bethany Clarke;
Viktor Petrov; Sunita Sharma; Rhys Llewellyn; Abena Owusu; Daniela Rossi; Hamza Qureshi;
Eleanor Fitzgerald; Tunde Bakare; Anjali Desai; Connor Walsh; Rukhsana Iqbal; Lucas Ferreira;
Esther Ndlovu; George Papadopoulos; Safiya Warsame; Nathan Cole; Agnieszka Wrobel;
Michael Osei; Farah Siddiqui; Declan Murphy; Jasmine Williams-Grant; Elif Yilmaz;
Tariq Hassan; Lauren Pritchard; Emeka Nwosu; Katarzyna Lis; Adam Rosenthal;
Parveen Chowdhury; Jerome Baptiste; Niamh Kelly; Sanjay Gupta; Olivia Bamford;
Ibrahim Diallo; Yasmin Ahmed; Robert Sinclair; Lina Haddad; Darren Okafor; Shreya Nair;
Wojciech Mazur; Hollie Turner; Abdi Nur; Charlotte Ashworth; Vikram Singh; Naledi Khumalo;
Sean Fitzpatrick; Meera Pillai; Andrei Popescu; Hafsa Malik; Dominic Hargreaves;
Efua Ampofo; Ryan Cheung; Sofia Marinelli; Kieran Doherty; Bushra Javed; Toby Ellison;
Adaeze Obi; Piotr Sadowski; Rachel Levy; Mohammed Karim; Ffion Morgan; Duc Nguyen;
Zara Latif; Emmanuel Addo; Isobel Harrington; Kamal Uddin; Lerato Mokoena; Finn Gallacher;
Noor Al-Sayed; Jessica Okwuosa; Ali Rezaei; Megan Probert; Sipho Dlamini; Anita Varga;
Ade Ogunleye; Rosa Martinez; Hassan Jama; Claire Whitmore; Deepak Rao; Bridget Malone;
Olumide Adebayo; Saira Nawaz; Tom Haworth; Lucia Santos; Kemi Afolabi; Gareth Evans;
Mariam Yusuf; Jakub Dvorak; Shanice Morrison; Ahmed Osman; Poppy Ashdown; Chiara Bianchi;
Rohan Kapoor; Bronwen Pugh; Musa Kamara; Eilidh Fraser; Ayesha Siddique; Luke Harrow;
Demelza Trewin; Jago Pascoe; Nkechi Eze-Wright; Harriet Vosper; Karim Benali; Lowenna Rowe;
Pawel Kaminski; Keziah Stone; Idris Mahmud; Wren Coleridge; Ngozi Anyanwu; Fergus Reilly;
Shazia Butt; Conor Ashton; Yetunde Salami; Mateusz Wolski; Rania Khalil; Jack Pendlebury;
Oksana Hrytsenko; Bilal Chaudhry; Amina Sesay; Jordan Heywood; Precious Moyo; Nasir Ahmadi
"""

OFFICE_HOURS = "office"
ALL_HOURS = "always"
JOBCENTRE_HOURS = "jobcentre"

# key: (freq, byday, opens, closes, description)
HOURS = {
    OFFICE_HOURS: ("WEEKLY", "MO,TU,WE,TH,FR", "09:00", "17:00", "Monday to Friday, 9am to 5pm"),
    ALL_HOURS: ("WEEKLY", "MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59", "24 hours, every day"),
    JOBCENTRE_HOURS: (
        "WEEKLY",
        "MO,TU,WE,TH,FR",
        "08:30",
        "16:30",
        "Monday to Friday, 8:30am to 4:30pm",
    ),
}

# key: (name, address_1, city, postcode, latitude, longitude, confidential)
ILFORD_LOCATIONS = {
    "civic": ("Ilford Civic Offices", "18 Clements Court, High Road", "Ilford", "IG1 9ZA", 51.5590, 0.0741, False),
    "hub": ("Redbridge Family Hub", "42 Cranbrook Walk", "Ilford", "IG1 9ZB", 51.5651, 0.0689, False),
    "police": ("Ilford Police Station", "270 Lancaster Parade", "Ilford", "IG1 9ZC", 51.5582, 0.0714, False),
    "nelft": ("Goodmayes Mental Health Centre", "5 Barley Fields Lane", "Ilford", "IG3 9ZD", 51.5634, 0.1106, False),
    "fire": ("Ilford Fire Station", "11 Station Approach", "Ilford", "IG1 9ZE", 51.5561, 0.0773, False),
    "jobcentre": ("Jobcentre Plus Ilford", "3 Exchange Row", "Ilford", "IG1 9ZF", 51.5575, 0.0702, False),
    "recovery": ("Clearway Recovery Hub", "77 Riverside Terrace", "Ilford", "IG1 9ZG", 51.5543, 0.0667, False),
    "safehaven": ("Safe Haven drop-in centre", "9 Chapel Yard", "Ilford", "IG2 9ZH", 51.5702, 0.0851, False),
    "refuge": ("Safe Haven refuge", "14 Orchard Mews", "Ilford", "IG3 9ZX", 51.5688, 0.0993, True),
    "school": ("Roding Valley Schools Trust office", "2 Academy Way", "Ilford", "IG6 9ZJ", 51.5851, 0.0846, False),
    "marsham": ("2 Marsham Street (central)", "2 Marsham Street", "London", "SW1P 9ZZ", 51.4957, -0.1287, False),
}  # fmt: skip

# key: (name, alternate name, email domain, description)
ILFORD_ORGANISATIONS = {
    "council": ("Redbridge Council", "London Borough of Redbridge", "redbridge.council.example", "The local authority for Ilford and the rest of Redbridge."),
    "police": ("Metropolitan Police East Area", "East Area BCU", "met.police.example", "Policing for Redbridge, Havering and Barking and Dagenham."),
    "nelft": ("NELFT NHS Foundation Trust", "NELFT", "nelft.nhs.example", "Community health and mental health services for north east London."),
    "lfb": ("London Fire Brigade", "LFB", "lfb.fire.example", "Fire and rescue, and fire prevention, across London."),
    "schools": ("Roding Valley Schools Trust", "", "rvst.school.example", "A multi-academy trust of primary and secondary schools in Redbridge."),
    "dwp": ("Department for Work and Pensions", "DWP", "dwp.example", "Jobcentres, Universal Credit and employment policy."),
    "immigration": ("Home Office Immigration Enforcement", "Immigration Enforcement", "homeoffice.example", "Immigration compliance and engagement teams."),
    "homeoffice": ("Home Office", "", "homeoffice.example", "Crime, policing, immigration and safeguarding policy."),
    "dhsc": ("Department of Health and Social Care", "DHSC", "dhsc.example", "Health and social care policy."),
    "dfe": ("Department for Education", "DfE", "education.example", "Education, children's services and early years policy."),
    "mhclg": ("Ministry of Housing, Communities and Local Government", "MHCLG", "mhclg.example", "Housing, homelessness and local government policy."),
    "safehaven": ("Safe Haven East London", "", "safehaven.charity.example", "A domestic abuse charity: advocacy, refuge and recovery."),
    "clearway": ("Clearway Recovery Redbridge", "", "clearway.charity.example", "Drug and alcohol treatment and recovery for adults and young people."),
}  # fmt: skip

ILFORD_TEAMS = [
    ("housing-options", "council", "Housing Options and Homelessness Prevention", ["housing"], ["homelessness", "debt", "domestic-abuse"],
     ["Head of Housing Options", "Housing Options Officer", "Housing Options Officer", "Homelessness Prevention Officer", "Domestic Abuse Housing Lead"],
     {"location": "civic", "hours": OFFICE_HOURS, "email": "housingoptions", "checked": 40,
      "description": "Advice and casework for anyone homeless or at risk of losing their home within 56 days, including emergency accommodation.",
      "eligibility": "Anyone living in, or with a local connection to, Redbridge. Survivors of domestic abuse need no local connection.",
      "refer": "Professionals use the Duty to Refer form; residents call the team or come to the Civic Offices. Out of hours, call the emergency line."}),
    ("tenancy-sustainment", "council", "Tenancy Sustainment Team", ["housing"], ["homelessness", "debt", "fire-risk"],
     ["Tenancy Sustainment Manager", "Tenancy Support Worker", "Tenancy Support Worker"],
     {"location": "civic", "hours": OFFICE_HOURS, "checked": 520,
      "description": "Visits tenants at risk of eviction, including people hoarding, and helps with rent arrears, repairs and budgeting.",
      "eligibility": "Council and housing association tenants in Redbridge.",
      "refer": "Email the team with the tenant's consent and a short summary of the risk to the tenancy."}),
    ("temporary-accommodation", "council", "Temporary Accommodation and Family Placements", ["housing"], ["homelessness"],
     ["Temporary Accommodation Manager", "Family Placements Officer"],
     {"location": "civic", "hours": OFFICE_HOURS, "email": "tempaccommodation", "checked": 120,
      "description": "Places homeless families in emergency and temporary accommodation, and helps families facing eviction from private rented homes to move on to settled housing.",
      "eligibility": "Households owed a homelessness duty by Redbridge Council.",
      "refer": "Through Housing Options; out of hours, the council's emergency line."}),
    ("rough-sleeping", "council", "Rough Sleeping Outreach", ["housing"], ["homelessness", "substance-misuse", "mental-health-crisis"],
     ["Outreach Coordinator", "Outreach Worker"],
     {"hours": ALL_HOURS, "checked": 90,
      "description": "Finds and supports people sleeping rough, early mornings and evenings, and brings them into accommodation.",
      "refer": "Report someone sleeping rough through StreetLink or email the team with where and when they were seen."}),
    ("community-safety", "council", "Community Safety Partnership", ["community-safety"], ["anti-social-behaviour", "youth-offending", "domestic-abuse"],
     ["Head of Community Safety", "Community Safety Partnership Manager", "Serious Violence Duty Lead", "Data and Insight Analyst"],
     {"location": "civic", "hours": OFFICE_HOURS, "email": "communitysafety", "checked": 20,
      "description": "Brings the council, police, health, fire and probation together on crime and disorder, serious violence and domestic homicide reviews.",
      "refer": "Not a referral service: contact the team about partnership work, reviews and funding."}),
    ("asb", "council", "Anti-social Behaviour Team", ["community-safety"], ["anti-social-behaviour"],
     ["ASB Team Leader", "ASB Caseworker", "ASB Caseworker"],
     {"location": "civic", "hours": OFFICE_HOURS, "alt": "ASB Team", "checked": 410,
      "description": "Investigates persistent anti-social behaviour, runs community triggers and uses civil powers such as injunctions.",
      "refer": "Residents report online; professionals email the team with the address and a log of incidents."}),
    ("mash", "council", "Multi-Agency Safeguarding Hub (MASH)", ["child-protection"], ["child-at-risk", "domestic-abuse"],
     ["MASH Manager", "MASH Social Worker", "MASH Social Worker", "Police MASH Liaison", "Health MASH Practitioner"],
     {"location": "civic", "hours": ALL_HOURS, "alt": "MASH", "email": "mash", "age": (0, 17), "checked": 15,
      "description": "The front door for concerns about a child's safety: checks information across agencies and decides the response within 24 hours.",
      "eligibility": "Any child or young person under 18 living in Redbridge.",
      "refer": "If a child is in immediate danger call 999. Otherwise use the multi-agency referral form; call the MASH to discuss first if unsure. Out of hours, call the emergency duty team."}),
    ("assessment", "council", "Children's Assessment Service", ["childrens-social-care"], ["child-at-risk"],
     ["Service Manager, Assessment", "Senior Social Worker", "Social Worker", "Social Worker"],
     {"location": "civic", "hours": OFFICE_HOURS, "age": (0, 17), "checked": 200,
      "description": "Social work assessments of children in need and child protection enquiries after a MASH decision.",
      "refer": "Through the MASH only."}),
    ("early-help", "council", "Early Help Family Support", ["early-help"], ["child-at-risk", "school-exclusion", "debt"],
     ["Early Help Manager", "Family Support Worker", "Family Support Worker", "Parenting Practitioner"],
     {"location": "hub", "hours": OFFICE_HOURS, "age": (0, 18), "checked": 60,
      "description": "A key worker for families who need more help than a school or GP can give, before social care is needed.",
      "eligibility": "Families with children up to 18 (25 with special educational needs) who agree to work with us.",
      "refer": "Complete the Early Help request with the family's consent, or ask the MASH."}),
    ("care-leavers", "council", "Children Looked After and Care Leavers", ["childrens-social-care"], ["child-at-risk", "homelessness"],
     ["Head of Corporate Parenting", "Personal Adviser", "Personal Adviser"],
     {"location": "civic", "hours": OFFICE_HOURS, "age": (0, 25), "checked": 140,
      "description": "Social work for children in care and personal advisers for care leavers up to 25."}),
    ("adult-front-door", "council", "Adult Social Care Front Door", ["adult-social-care"], ["adult-safeguarding"],
     ["Front Door Manager", "Social Care Assessor", "Occupational Therapist", "Social Care Assessor"],
     {"location": "civic", "hours": OFFICE_HOURS, "email": "adultsocialcare", "age": (18, None), "checked": 75,
      "description": "Advice, information and care assessments for adults and carers.",
      "refer": "Call or use the online form; professionals may refer with consent."}),
    ("adult-safeguarding", "council", "Adult Safeguarding Team", ["adult-social-care"], ["adult-safeguarding", "modern-slavery"],
     ["Safeguarding Adults Manager", "Safeguarding Practitioner", "Safeguarding Practitioner"],
     {"location": "civic", "hours": OFFICE_HOURS, "age": (18, None), "checked": 390,
      "description": "Enquiries under section 42 of the Care Act when an adult with care needs is at risk of abuse or neglect.",
      "refer": "Raise a safeguarding concern through the Front Door; in an emergency call 999."}),
    ("yot", "council", "Youth Justice Service", ["youth-offending"], ["youth-offending"],
     ["Head of Youth Justice", "YOT Case Manager", "YOT Case Manager", "Victim Liaison Officer"],
     {"location": "hub", "hours": OFFICE_HOURS, "alt": "YOT", "age": (10, 17), "checked": 110,
      "description": "Works with children aged 10 to 17 who have offended or are at risk of offending, and with their victims.",
      "refer": "Through the police or courts; prevention referrals by email from any professional."}),
    ("exploitation", "council", "Contextual Safeguarding and Exploitation Team", ["youth-offending", "child-protection"], ["youth-offending", "modern-slavery", "child-at-risk"],
     ["Exploitation Lead", "Missing Children Coordinator"],
     {"location": "hub", "hours": OFFICE_HOURS, "age": (10, 25), "checked": 30,
      "description": "Works with young people at risk of criminal or sexual exploitation, county lines and going missing.",
      "refer": "Discuss at the weekly exploitation panel; urgent concerns go to the MASH."}),
    ("da-coordination", "council", "Domestic Abuse and MARAC Coordination", ["domestic-abuse"], ["domestic-abuse"],
     ["Domestic Abuse Strategy Lead", "MARAC Coordinator"],
     {"location": "civic", "hours": OFFICE_HOURS, "alt": "MARAC", "checked": 45,
      "description": "Runs the MARAC for high-risk victims of domestic abuse and the borough's domestic abuse strategy.",
      "refer": "Refer high-risk cases (DASH 14 or more, or professional judgement) to the MARAC coordinator."}),
    ("inclusion", "council", "School Inclusion and Attendance", ["schools"], ["school-exclusion", "child-at-risk"],
     ["Inclusion Manager", "Education Welfare Officer", "Children Missing Education Officer"],
     {"location": "civic", "hours": OFFICE_HOURS, "age": (4, 16), "checked": 300,
      "description": "Attendance, children missing education, exclusions and reintegration."}),
    ("neighbourhoods", "police", "Ilford Neighbourhood Policing Team", ["police"], ["anti-social-behaviour", "youth-offending"],
     ["Neighbourhood Inspector", "Sergeant, Ilford Town Centre", "Police Constable", "PCSO"],
     {"location": "police", "hours": ALL_HOURS, "checked": 100,
      "description": "Dedicated ward officers for Ilford: local priorities, anti-social behaviour and problem solving with partners.",
      "refer": "Emergencies 999; otherwise 101 or email the ward team."}),
    ("dau", "police", "Domestic Abuse Investigation Unit", ["police", "domestic-abuse"], ["domestic-abuse"],
     ["Detective Inspector, Public Protection", "Detective Sergeant", "Detective Constable"],
     {"location": "police", "hours": ALL_HOURS, "alt": "Police domestic violence unit", "checked": 25,
      "description": "Investigates domestic abuse crimes, stalking and breaches of protective orders.",
      "refer": "Report crime on 999 or 101; partners share risk information through the MARAC."}),
    ("caiT", "police", "Child Abuse Investigation Team", ["police", "child-protection"], ["child-at-risk"],
     [],
     {"location": "police", "hours": ALL_HOURS, "email": "cait", "age": (0, 17), "checked": 420,
      "description": "Investigates abuse of children within the family or by carers, with social care.",
      "refer": "Through the MASH or by calling 999."}),
    ("safer-schools", "police", "Safer Schools Officers", ["police", "schools"], ["school-exclusion", "youth-offending"],
     ["Safer Schools Sergeant", "Safer Schools Officer"],
     {"hours": OFFICE_HOURS, "age": (11, 18), "checked": 150,
      "description": "Police officers attached to secondary schools: prevention, early intervention and safeguarding."}),
    ("gangs", "police", "Violence Suppression Unit", ["police", "youth-offending"], ["youth-offending", "modern-slavery"],
     ["Detective Inspector, Violence Suppression", "Intelligence Officer"],
     {"location": "police", "hours": ALL_HOURS, "checked": 610,
      "description": "Targets gangs, knife crime and county lines drug dealing across the East Area."}),
    ("cmht", "nelft", "Redbridge Community Mental Health Team", ["mental-health"], ["mental-health-crisis"],
     ["Team Manager", "Community Psychiatric Nurse", "Social Worker (AMHP)", "Consultant Psychiatrist"],
     {"location": "nelft", "hours": OFFICE_HOURS, "alt": "CMHT", "age": (18, None), "checked": 80,
      "description": "Care coordination and treatment for adults with severe and enduring mental illness.",
      "refer": "Through the GP or the mental health direct access line."}),
    ("crisis", "nelft", "Crisis Resolution and Home Treatment Team", ["mental-health"], ["mental-health-crisis"],
     ["Crisis Team Manager", "Crisis Practitioner", "Crisis Practitioner"],
     {"location": "nelft", "hours": ALL_HOURS, "alt": "Home Treatment Team", "age": (18, None), "checked": 35,
      "description": "Urgent assessment and intensive support at home as an alternative to hospital admission.",
      "refer": "Call the 24-hour mental health crisis line; in an emergency call 999."}),
    ("camhs", "nelft", "Child and Adolescent Mental Health Service (CAMHS)", ["mental-health"], ["mental-health-crisis", "child-at-risk"],
     ["CAMHS Clinical Lead", "CAMHS Practitioner", "Mental Health Support Team Lead"],
     {"location": "nelft", "hours": OFFICE_HOURS, "alt": "CAMHS", "age": (0, 18), "checked": 95,
      "description": "Assessment and treatment for children and young people with mental health difficulties.",
      "refer": "Single point of access form from GPs, schools and social care."}),
    ("street-triage", "nelft", "Mental Health Street Triage", ["mental-health", "police"], ["mental-health-crisis"],
     [],
     {"hours": ALL_HOURS, "checked": None,
      "description": "Mental health nurses with police officers at incidents where someone may be in crisis."}),
    ("fire-community", "lfb", "Ilford Fire Station Community Safety", ["fire"], ["fire-risk"],
     ["Station Commander", "Watch Manager", "Community Safety Adviser"],
     {"location": "fire", "hours": OFFICE_HOURS, "checked": 55,
      "description": "Fire prevention with partners: high-risk households, hoarding, arson reduction and youth engagement.",
      "refer": "Email the station or use the partner referral form."}),
    ("hfsv", "lfb", "Home Fire Safety Visits", ["fire"], ["fire-risk", "adult-safeguarding"],
     ["Home Fire Safety Visit Coordinator", "Firefighter, Prevention"],
     {"hours": OFFICE_HOURS, "checked": 480,
      "description": "Free visits to fit smoke alarms and advise people at higher risk of fire: older people, smokers, people who hoard.",
      "refer": "Anyone can book; partners use the referral form and flag oxygen use or hoarding."}),
    ("dsl-network", "schools", "Designated Safeguarding Leads Network", ["schools"], ["child-at-risk", "school-exclusion"],
     ["Trust Safeguarding Lead", "DSL, Valentine's Park Academy", "DSL, Roding Primary"],
     {"location": "school", "hours": OFFICE_HOURS, "age": (4, 18), "checked": 130,
      "description": "The safeguarding leads of the trust's schools, meeting each half term with partners."}),
    ("ap", "schools", "Alternative Provision and Pupil Referral Unit", ["schools"], ["school-exclusion", "youth-offending"],
     ["Head of Alternative Provision", "Reintegration Mentor"],
     {"location": "school", "hours": OFFICE_HOURS, "alt": "PRU", "age": (11, 16), "checked": 200,
      "description": "Education for pupils excluded or at risk of exclusion, with a plan to return to mainstream school."}),
    ("work-coaches", "dwp", "Jobcentre Plus Ilford Work Coaches", ["jobcentre"], ["unemployment", "debt"],
     ["Jobcentre Manager", "Work Coach Team Leader", "Work Coach", "Disability Employment Adviser"],
     {"location": "jobcentre", "hours": JOBCENTRE_HOURS, "age": (16, None), "checked": 70,
      "description": "Work coaches for Universal Credit claimants: job search, training and help with barriers to work.",
      "refer": "Claim Universal Credit online; partners contact the partnership manager to arrange a joint appointment."}),
    ("complex-needs", "dwp", "Jobcentre Plus Ilford Complex Needs and Partnerships", ["jobcentre"], ["unemployment", "homelessness", "domestic-abuse"],
     ["Partnership Manager", "Complex Needs Lead"],
     {"location": "jobcentre", "hours": JOBCENTRE_HOURS, "checked": 65,
      "description": "Easements and support for claimants who are homeless, leaving prison, care leavers or survivors of domestic abuse."}),
    ("dwp-policy", "dwp", "DWP Complex Needs and Vulnerability Policy", ["dwp"], ["unemployment", "debt"],
     ["Deputy Director, Vulnerability", "Policy Adviser", "Senior Policy Adviser"],
     {"location": "marsham", "hours": OFFICE_HOURS, "checked": 100,
      "description": "Central policy team on support for vulnerable claimants and the Jobcentre's work with local partners."}),
    ("ie-engagement", "immigration", "Immigration Enforcement Community Engagement (East London)", ["immigration-enforcement"], ["immigration-status", "modern-slavery"],
     ["Engagement Manager", "Immigration Officer"],
     {"hours": OFFICE_HOURS, "checked": 240,
      "description": "Works with councils and police on immigration status questions, modern slavery and voluntary returns.",
      "refer": "Status checks for partners through the Status Verification, Enquiries and Checking service; other queries by email."}),
    ("ho-strategy", "homeoffice", "Violence Reduction and Safeguarding Strategy", ["home-office"], ["domestic-abuse", "youth-offending", "modern-slavery"],
     ["Deputy Director, Safeguarding", "Policy Lead, Violence Reduction", "Place-Based Partnerships Lead"],
     {"location": "marsham", "hours": OFFICE_HOURS, "checked": 50,
      "description": "Central strategy on serious violence, domestic abuse and exploitation; funds and learns from local partnerships."}),
    ("dhsc-policy", "dhsc", "Mental Health and Addiction Policy", ["dhsc"], ["mental-health-crisis", "substance-misuse"],
     ["Deputy Director, Mental Health", "Policy Adviser, Drugs and Alcohol", "Analyst"],
     {"hours": OFFICE_HOURS, "checked": 180,
      "description": "Central policy on crisis mental health care and drug and alcohol treatment."}),
    ("dfe-policy", "dfe", "Children's Social Care and Safeguarding Reform", ["dfe"], ["child-at-risk", "school-exclusion"],
     ["Policy Lead, Family Help", "Policy Adviser, Safeguarding Partnerships"],
     {"status": "inactive", "hours": OFFICE_HOURS, "checked": 400,
      "description": "The central team that worked with the place on family help and multi-agency safeguarding. Its secondment ended; a new contact is needed."}),
    ("mhclg-policy", "mhclg", "Homelessness and Rough Sleeping Strategy", ["mhclg"], ["homelessness"],
     ["Deputy Director, Homelessness", "Policy Adviser", "Local Partnerships Adviser"],
     {"hours": OFFICE_HOURS, "checked": 85,
      "description": "Central strategy and funding for preventing homelessness and ending rough sleeping."}),
    ("idva", "safehaven", "Independent Domestic Violence Advisers (IDVA)", ["domestic-abuse"], ["domestic-abuse"],
     ["IDVA Service Manager", "Senior IDVA", "IDVA", "Children and Young People's IDVA"],
     {"location": "safehaven", "hours": OFFICE_HOURS, "alt": "IDVA service", "email": "idva", "age": (16, None), "checked": 10,
      "description": "Independent advocates for victims at high risk of serious harm: safety planning, courts, housing and MARAC.",
      "eligibility": "Anyone aged 16 or over experiencing domestic abuse in Redbridge, of any gender.",
      "refer": "Self-referral by phone, or professionals send the referral form with a DASH risk assessment."}),
    ("refuge", "safehaven", "Safe Haven Refuge", ["domestic-abuse", "housing"], ["domestic-abuse", "homelessness"],
     ["Refuge Manager", "Refuge Support Worker"],
     {"location": "refuge", "hours": ALL_HOURS, "email": "refuge", "age": (16, None), "checked": 30,
      "description": "Emergency safe accommodation for women and their children escaping domestic abuse. The address is never given out.",
      "eligibility": "Women aged 16 or over fleeing domestic abuse, with or without children.",
      "refer": "Call the refuge line or the National Domestic Abuse Helpline; professionals call first, never send people to the address."}),
    ("adult-treatment", "clearway", "Adult Drug and Alcohol Treatment", ["substance-misuse"], ["substance-misuse"],
     ["Service Manager", "Recovery Worker", "Recovery Worker", "Nurse Prescriber"],
     {"location": "recovery", "hours": OFFICE_HOURS, "email": "recovery", "age": (18, None), "checked": 120,
      "description": "Assessment, prescribing, key work and recovery groups for adults using drugs or alcohol.",
      "refer": "Walk in Monday to Friday mornings, call, or professionals use the referral form."}),
    ("young-people-sm", "clearway", "Young People's Substance Misuse Service", ["substance-misuse", "youth-offending"], ["substance-misuse", "youth-offending"],
     ["Young People's Team Lead", "Young People's Worker"],
     {"location": "recovery", "hours": OFFICE_HOURS, "age": (11, 24), "checked": 380,
      "description": "One-to-one support for young people whose drug or alcohol use is causing harm, often alongside the YOT."}),
    ("alcohol-liaison", "clearway", "Hospital Alcohol Liaison", ["substance-misuse"], ["substance-misuse"],
     ["Alcohol Liaison Nurse"],
     {"status": "temporarily closed", "hours": OFFICE_HOURS, "checked": 200,
      "description": "Alcohol liaison at King George Hospital; paused while the post is recruited to."}),
]  # fmt: skip


def small_place(
    domain_council: str,
    police: str,
    nhs: str,
    fire: str,
    charity: str,
    city: str,
    postcode: str,
    lat: float,
    lon: float,
):
    """Build the organisations, locations and teams of a smaller demo place."""
    organisations = {
        "council": (f"{city} City Council", "", domain_council, f"The local authority for {city}."),
        "police": (police, "", "police.example", f"Policing for {city}."),
        "nhs": (nhs, "", "nhs.example", "Community and mental health services."),
        "fire": (fire, "", "fire.example", "Fire and rescue, and prevention."),
        "dwp": (f"Jobcentre Plus {city}", "DWP", "dwp.example", "Jobcentre services."),
        "charity": (charity, "", "charity.example", "Domestic abuse advocacy and recovery."),
    }
    locations = {
        "civic": (
            f"{city} Civic Centre",
            "1 Civic Square",
            city,
            f"{postcode} 9ZA",
            lat,
            lon,
            False,
        ),
        "police": (
            f"{city} Police Station",
            "40 Watch Lane",
            city,
            f"{postcode} 9ZB",
            lat + 0.004,
            lon - 0.003,
            False,
        ),
    }
    teams = [
        ("housing", "council", "Housing Options", ["housing"], ["homelessness", "debt"], ["Housing Options Manager", "Housing Officer"], {"location": "civic", "hours": OFFICE_HOURS, "checked": 60, "description": "Advice and casework for people homeless or at risk of homelessness."}),
        ("mash", "council", "Children's Front Door and MASH", ["child-protection"], ["child-at-risk"], ["MASH Manager", "Social Worker"], {"location": "civic", "hours": ALL_HOURS, "alt": "MASH", "checked": 30, "description": "Concerns about a child's safety, checked across agencies."}),
        ("early-help", "council", "Early Help", ["early-help"], ["child-at-risk", "school-exclusion"], ["Early Help Coordinator"], {"location": "civic", "hours": OFFICE_HOURS, "checked": 400, "description": "Family support before problems need social care."}),
        ("csc", "council", "Children's Social Care Assessment", ["childrens-social-care"], ["child-at-risk"], ["Team Manager"], {"location": "civic", "hours": OFFICE_HOURS, "checked": 90, "description": "Social work assessment of children in need."}),
        ("asc", "council", "Adult Social Care", ["adult-social-care"], ["adult-safeguarding"], ["Safeguarding Adults Lead", "Social Care Assessor"], {"location": "civic", "hours": OFFICE_HOURS, "checked": 120, "description": "Care assessments and adult safeguarding enquiries."}),
        ("csp", "council", "Community Safety and ASB", ["community-safety"], ["anti-social-behaviour"], ["Community Safety Manager"], {"location": "civic", "hours": OFFICE_HOURS, "checked": 500, "description": "The community safety partnership and anti-social behaviour casework."}),
        ("yjs", "council", "Youth Justice Service", ["youth-offending"], ["youth-offending"], ["Youth Justice Manager"], {"location": "civic", "hours": OFFICE_HOURS, "alt": "YOT", "checked": 150, "description": "Children aged 10 to 17 who offend or are at risk of it."}),
        ("neighbourhood", "police", "Neighbourhood Policing", ["police"], ["anti-social-behaviour"], ["Neighbourhood Inspector", "PCSO"], {"location": "police", "hours": ALL_HOURS, "checked": 45, "description": "Local officers and PCSOs working with partners on local priorities."}),
        ("police-da", "police", "Domestic Abuse Safeguarding Unit", ["police", "domestic-abuse"], ["domestic-abuse"], ["Detective Sergeant"], {"location": "police", "hours": ALL_HOURS, "checked": 200, "description": "Investigation and safeguarding in domestic abuse cases."}),
        ("mh-crisis", "nhs", "Mental Health Crisis Team", ["mental-health"], ["mental-health-crisis"], ["Crisis Team Manager", "Crisis Nurse"], {"hours": ALL_HOURS, "checked": 70, "description": "Urgent mental health assessment and home treatment."}),
        ("drugs", "nhs", "Drug and Alcohol Service", ["substance-misuse"], ["substance-misuse"], ["Recovery Lead"], {"hours": OFFICE_HOURS, "checked": 380, "description": "Treatment and recovery for adults using drugs or alcohol."}),
        ("fire-prevention", "fire", "Fire Prevention", ["fire"], ["fire-risk"], [], {"hours": OFFICE_HOURS, "checked": None, "description": "Home fire safety visits for people at higher risk."}),
        ("jobcentre", "dwp", "Work Coaches", ["jobcentre"], ["unemployment", "debt"], ["Partnership Manager"], {"hours": JOBCENTRE_HOURS, "checked": 100, "description": "Universal Credit work coaches and partnership support."}),
        ("idva", "charity", "Domestic Abuse Advocacy (IDVA)", ["domestic-abuse"], ["domestic-abuse"], ["IDVA Manager", "IDVA"], {"hours": OFFICE_HOURS, "alt": "IDVA", "checked": 20, "description": "Independent advocacy for victims at high risk of harm."}),
    ]  # fmt: skip
    return organisations, locations, teams


EXETER = small_place(
    "exeter.council.example",
    "Devon and Cornwall Police, Exeter",
    "Devon Partnership NHS Trust",
    "Devon and Somerset Fire and Rescue",
    "Exe Valley Domestic Abuse Support",
    "Exeter",
    "EX1",
    50.7236,
    -3.5275,
)
MANCHESTER = small_place(
    "manchester.council.example",
    "Greater Manchester Police, City of Manchester",
    "Greater Manchester Mental Health NHS Trust",
    "Greater Manchester Fire and Rescue",
    "Irwell Women's Aid",
    "Manchester",
    "M1",
    53.4794,
    -2.2453,
)
