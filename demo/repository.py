"""Demo data for the knowledge repository: a few dozen documents across types, working group
topics, pillars, counties, languages and every visibility level, each with a real file
written here (PDF, Word, Excel, PowerPoint, ODT, CSV, text, a PNG chart) or a video link.

They are made the way members make them: through ``services`` as the demo accounts (an upload,
a coordinator's decision, a new version, a withdrawal), and indexed at once so that search
finds the words inside the files on a fresh start. Idempotent: a document is found by the
slug of its title. The content is written for the demo; the figures in it are illustrative.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone
from django.utils.text import slugify

from committees.models import Body
from core import files
from demo import files as demo_files
from members.models import County, Pillar
from repository import services, tasks
from repository.models import Document, DocumentEvent, DocumentVersion
from twg.models import WorkingGroup

T, V, L = Document.Type, Document.Visibility, Document.Language
SA, SS, HI = Pillar.SOCIAL_ASSISTANCE, Pillar.SOCIAL_SECURITY, Pillar.HEALTH_INSURANCE
COORDINATOR = "coordinator@demo.cop.ke"
DEMO_NOTE = "Demo document written for the CoP Portal; its figures are illustrative."
DEMO_NOTE_SW = "Hati ya mfano iliyoandikwa kwa ajili ya tovuti ya CoP; takwimu zake ni za mfano."
RIGHTS = "Demo content: free to share within the CoP."

# What a decision by the content coordinator does to a public upload.
APPROVE, REFUSE = "approve", "refuse"
PENDING_STATUS = Document.PublicStatus.PENDING


@dataclass
class Spec:
    """One demo document. ``text`` holds the paragraphs of its file; ``rows`` the table of a
    spreadsheet or CSV; ``slides`` the slides of a presentation; ``bars`` a chart."""

    title: str
    type: str
    format: str
    by: str
    summary: str
    visibility: str = V.MEMBERS
    body: str = ""
    public: str = ""
    topics: tuple = ()
    pillars: tuple = ()
    national: bool = True
    counties: tuple = ()
    published: str = ""
    publishers: tuple = ()
    authors: str = ""
    language: str = L.ENGLISH
    tags: tuple = ()
    text: tuple = ()
    rows: tuple = ()
    slides: tuple = ()
    bars: tuple = ()
    url: str = ""
    days_ago: int = 30
    downloads: int = 0
    refusal: str = ""
    # (days ago, note, paragraphs or rows) for each later version.
    versions: tuple = ()
    withdrawn: str = ""


DOCUMENTS = [
    # -- Public, approved --------------------------------------------------------------------
    Spec(
        title="Kenya Social Protection Policy: summary for practitioners",
        type=T.POLICY,
        format="pdf",
        by=COORDINATOR,
        visibility=V.PUBLIC,
        topics=("policy-system-strengthening",),
        pillars=(SA, SS, HI),
        published="2023-09-14",
        publishers=("SDSP", "NSPS"),
        authors="Social Protection Secretariat",
        tags=("policy", "social protection floor", "life cycle"),
        summary="A short reading of the national policy: its three pillars, who it protects "
        "over the life cycle and what it asks of national and county government.",
        text=(
            "Purpose of this summary",
            "The national social protection policy sets out how Kenya protects people against "
            "poverty and risk across the life cycle, from pregnancy and childhood to old age.",
            "The policy rests on three pillars: social assistance paid from tax revenue, social "
            "security built on contributions, and health insurance that removes the cost of "
            "care as a reason for falling into poverty.",
            "Roles",
            "National government sets standards, finances the main cash transfers and keeps the "
            "single registry. County governments run complementary programmes and refer "
            "households to national schemes.",
            "Coordination",
            "A coordination mechanism brings ministries, development partners, civil society "
            "and the private sector together so that programmes share data, avoid duplication "
            "and learn from evaluation.",
        ),
        days_ago=380,
        downloads=214,
    ),
    Spec(
        title="Social protection sector review: draft for comment",
        type=T.SECTOR_REVIEW,
        format="pdf",
        by=COORDINATOR,
        visibility=V.PUBLIC,
        topics=("mekm", "policy-system-strengthening"),
        pillars=(SA, SS, HI),
        published="2025-11-03",
        publishers=("NSPS", "UNICEF", "WB"),
        authors="Achieng Odhiambo; Samuel Kiplagat",
        tags=("sector review", "coverage", "financing"),
        summary="How far the sector has come since the last review: coverage of each "
        "programme, spending, delivery systems and the gaps that remain.",
        text=(
            "Coverage",
            "Cash transfers reach older persons, orphans and vulnerable children and people "
            "with severe disabilities in every county, but many poor households outside these "
            "categories remain without support.",
            "Spending",
            "Spending on social assistance has grown in cash terms while staying below one per "
            "cent of national output, which limits how far coverage can be extended.",
            "Delivery systems",
            "The single registry, electronic payments and a grievance mechanism are in place; "
            "the review finds that case management and referral between programmes are weak.",
        ),
        versions=(
            (
                120,
                "Final text after the validation workshop",
                (
                    "Coverage",
                    "Cash transfers reach older persons, orphans and vulnerable children and "
                    "people with severe disabilities in every county; the review recommends a "
                    "child benefit that would reach far more poor households.",
                    "Spending",
                    "Spending on social assistance stays below one per cent of national output; "
                    "the validation workshop agreed a path to raise it over five years.",
                    "Delivery systems",
                    "Case management and referral between programmes are the weakest link. "
                    "The validation workshop asked the Secretariat to publish referral "
                    "standards within a year.",
                ),
            ),
        ),
        days_ago=170,
        downloads=96,
    ),
    Spec(
        title="Mwongozo wa Inua Jamii kwa wazee",
        type=T.GUIDELINE,
        format="pdf",
        by="sau@demo.cop.ke",
        visibility=V.PUBLIC,
        public=APPROVE,
        topics=("complementary-standards",),
        pillars=(SA,),
        published="2024-03-20",
        publishers=("SAU",),
        authors="Kitengo cha Msaada wa Kijamii",
        language=L.KISWAHILI,
        tags=("inua jamii", "wazee", "malipo"),
        summary="Maelezo kwa wazee na familia zao kuhusu jinsi ya kujiandikisha, kupokea "
        "malipo na kuwasilisha malalamiko katika mpango wa Inua Jamii.",
        text=(
            "Mpango wa Inua Jamii ni nini?",
            "Mpango wa Inua Jamii unatoa msaada wa fedha kwa wazee wenye umri wa miaka sabini "
            "na zaidi ambao hawapati pensheni nyingine.",
            "Kujiandikisha",
            "Mzee au mlezi wake hujiandikisha katika ofisi ya maendeleo ya jamii ya kaunti "
            "ndogo akiwa na kitambulisho cha taifa.",
            "Malipo",
            "Malipo hutumwa kila mwezi kupitia akaunti ya benki iliyofunguliwa kwa jina la "
            "mnufaika, na yanaweza kutolewa kwa wakala aliye karibu.",
            "Malalamiko",
            "Mnufaika asipopokea malipo yake anaweza kupiga simu kwa nambari ya bure au kufika "
            "kwa kamati ya ustawi wa wanufaika ya eneo lake.",
        ),
        days_ago=300,
        downloads=158,
    ),
    Spec(
        title="Muhtasari wa sera ya ulinzi wa kijamii",
        type=T.POLICY,
        format="pdf",
        by=COORDINATOR,
        visibility=V.PUBLIC,
        topics=("communication-advocacy",),
        pillars=(SA, SS, HI),
        published="2024-01-15",
        publishers=("NSPS",),
        authors="Sekretarieti ya Ulinzi wa Kijamii",
        language=L.KISWAHILI,
        tags=("sera", "ulinzi wa kijamii"),
        summary="Sera ya taifa ya ulinzi wa kijamii kwa lugha rahisi: nguzo zake tatu na haki "
        "za wananchi.",
        text=(
            "Ulinzi wa kijamii ni haki",
            "Katiba ya Kenya inampa kila mtu haki ya usalama wa kijamii, na serikali ina wajibu "
            "wa kuwasaidia watu wasioweza kujikimu.",
            "Nguzo tatu",
            "Sera inategemea nguzo tatu: msaada wa kijamii unaolipwa kwa kodi, bima ya kijamii "
            "inayotokana na michango ya wafanyakazi, na bima ya afya kwa wote.",
            "Kaunti",
            "Serikali za kaunti zinashirikiana na serikali ya kitaifa kuwafikia wananchi "
            "walio hatarini, hasa wakati wa ukame na mafuriko.",
        ),
        days_ago=330,
        downloads=77,
    ),
    Spec(
        title="Hunger Safety Net Programme: impact evaluation, phase three",
        type=T.EVALUATION,
        format="pdf",
        by="focal@demo.cop.ke",
        visibility=V.PUBLIC,
        public=APPROVE,
        topics=("shock-responsive", "mekm"),
        pillars=(SA,),
        national=False,
        counties=("Turkana", "Marsabit", "Mandera", "Wajir"),
        published="2024-08-30",
        publishers=("NDMA", "FCDO"),
        authors="Halima Dida; James Lokwang; Ruth Wairimu",
        tags=("hsnp", "evaluation", "drought", "arid lands"),
        summary="What regular and emergency payments changed for households in the four "
        "northern counties: consumption, assets, school attendance and debt.",
        text=(
            "Design of the evaluation",
            "The evaluation compared households that received regular payments with similar "
            "households that were enrolled later, over three survey rounds.",
            "Findings",
            "Households receiving regular payments ate more meals a day during the dry season "
            "and sold fewer animals in distress.",
            "Emergency scale-up payments reached most eligible households within a month of "
            "the drought trigger, but late payments reduced their effect on livestock losses.",
            "Recommendations",
            "Keep the drought index as the trigger, pre-register households before the "
            "season, and publish payment calendars in the local languages.",
        ),
        days_ago=250,
        downloads=131,
    ),
    Spec(
        title="Training manual for Beneficiary Welfare Committees",
        type=T.TRAINING_MANUAL,
        format="docx",
        by="bwc@demo.cop.ke",
        visibility=V.PUBLIC,
        public=APPROVE,
        topics=("complementary-standards",),
        pillars=(SA,),
        published="2023-11-01",
        publishers=("BWC", "SAU"),
        authors="Joyce Kemunto",
        tags=("training", "accountability", "grievances"),
        summary="Five sessions for newly elected committee members: their role, handling "
        "complaints, payment days, safeguarding and keeping records.",
        text=(
            "Session 1: what the committee is for",
            "The committee speaks for the people enrolled in the programmes and helps them "
            "understand their rights and obligations.",
            "Session 2: handling complaints",
            "Every complaint is written in the register, given a number and followed until "
            "the person who made it is told the outcome.",
            "Session 3: payment days",
            "Committee members watch payment points, help older people and people with "
            "disabilities, and report agents who charge fees.",
            "Session 4: safeguarding",
            "No committee member may ask for money, favours or information that a "
            "beneficiary does not wish to give.",
        ),
        days_ago=360,
        downloads=88,
    ),
    Spec(
        title="Mafunzo kwa kamati za ustawi wa wanufaika",
        type=T.TRAINING_MANUAL,
        format="odt",
        by="bwc@demo.cop.ke",
        visibility=V.PUBLIC,
        public=APPROVE,
        topics=("complementary-standards",),
        pillars=(SA,),
        published="2023-11-01",
        publishers=("BWC",),
        authors="Joyce Kemunto",
        language=L.KISWAHILI,
        tags=("mafunzo", "malalamiko"),
        summary="Toleo la Kiswahili la mwongozo wa mafunzo kwa wanakamati wapya.",
        text=(
            "Kamati inawakilisha wanufaika wote wa mipango ya fedha katika eneo lake.",
            "Kila lalamiko linaandikwa katika daftari, linapewa nambari na kufuatiliwa hadi "
            "aliyelalamika ajulishwe matokeo.",
            "Siku ya malipo, wanakamati huwasaidia wazee na watu wenye ulemavu kupata huduma "
            "kwa heshima na bila kulipishwa ada yoyote.",
            "Mwanakamati haruhusiwi kuomba pesa au zawadi kutoka kwa mnufaika.",
        ),
        days_ago=355,
        downloads=41,
    ),
    Spec(
        title="Shock-responsive social protection: operational framework",
        type=T.FRAMEWORK,
        format="pdf",
        by="ndma@demo.cop.ke",
        visibility=V.PUBLIC,
        public=APPROVE,
        topics=("shock-responsive",),
        pillars=(SA,),
        published="2025-02-10",
        publishers=("NDMA", "WFP", "KCWG"),
        authors="Abdi Hussein; Mercy Chebet",
        tags=("scale-up", "early warning", "drought"),
        summary="Who decides a scale-up, on which early warning signals, with which money "
        "and through which payment system, when drought or floods strike.",
        text=(
            "Triggers",
            "A scale-up starts when the vegetation condition index of a sub-county stays in "
            "the severe drought band for two consecutive months.",
            "Financing",
            "A contingency fund and pre-agreed partner contributions pay for the first three "
            "months; a funding appeal covers any longer crisis.",
            "Delivery",
            "Households already in the registry are paid through their existing accounts; "
            "others are registered by county teams with the cash working group's partners.",
        ),
        days_ago=200,
        downloads=102,
    ),
    Spec(
        title="Universal health coverage and the informal sector: research paper",
        type=T.RESEARCH,
        format="pdf",
        by="member@demo.cop.ke",
        visibility=V.PUBLIC,
        public=APPROVE,
        topics=("financing-sustainability",),
        pillars=(HI,),
        published="2025-05-22",
        publishers=("IDS",),
        authors="Peter Njoroge; Lilian Atieno",
        tags=("health insurance", "informal sector", "contributions"),
        summary="Why informal workers join social health insurance and why many stop paying "
        "their contributions after a few months.",
        text=(
            "Question",
            "The paper asks what makes informal workers in Nairobi and Kisumu enrol in social "
            "health insurance, and what makes them stop contributing.",
            "Method",
            "Interviews with four hundred traders, boda boda riders and domestic workers were "
            "combined with contribution records.",
            "Findings",
            "Workers enrol when a family member falls ill; most stop paying within six months "
            "when their income varies from week to week. Flexible daily or weekly "
            "contributions by mobile money kept more of them covered.",
        ),
        days_ago=140,
        downloads=64,
    ),
    Spec(
        title="Extending social security to informal economy workers",
        type=T.RESEARCH,
        format="docx",
        by="ilo@demo.cop.ke",
        visibility=V.PUBLIC,
        public=APPROVE,
        topics=("financing-sustainability", "policy-system-strengthening"),
        pillars=(SS,),
        published="2024-06-12",
        publishers=("ILO", "NSSF"),
        authors="Daniel Mwangi",
        tags=("pensions", "informal economy", "coverage"),
        summary="Options for bringing informal workers into pension and savings schemes: "
        "voluntary contributions, matched savings and simplified registration.",
        text=(
            "Most Kenyan workers earn their living in the informal economy and have no pension.",
            "Schemes that accept small and irregular contributions through mobile money have "
            "enrolled large numbers of workers, but balances remain small.",
            "Matched contributions from government for low earners would raise balances and "
            "reward regular saving.",
            "Registration must be possible with a national identity card and a phone number alone.",
        ),
        days_ago=280,
        downloads=57,
    ),
    Spec(
        title="Child-sensitive social protection: situation analysis",
        type=T.SITUATION_ANALYSIS,
        format="pdf",
        by="committee@demo.cop.ke",
        visibility=V.PUBLIC,
        public=APPROVE,
        topics=("policy-system-strengthening",),
        pillars=(SA, HI),
        published="2024-10-01",
        publishers=("UNICEF", "DCS"),
        authors="Amina Hassan; Brian Ouma",
        tags=("children", "nutrition", "child benefit"),
        summary="Poverty and risk among children in Kenya, and how far existing programmes "
        "reach them, with options for a child benefit.",
        text=(
            "Children and poverty",
            "Children are more likely than adults to live in poor households, and the gap is "
            "widest in the arid and semi-arid counties.",
            "What programmes reach them",
            "The orphans and vulnerable children transfer reaches a minority of poor children; "
            "school feeding and health insurance reach more but unevenly.",
            "Options",
            "A benefit for every child under three, starting with the poorest counties, would "
            "reach young children when poverty harms them most.",
        ),
        days_ago=230,
        downloads=73,
    ),
    Spec(
        title="Social protection programmes by county: mapping report",
        type=T.MAPPING,
        format="xlsx",
        by="twglead@demo.cop.ke",
        visibility=V.PUBLIC,
        public=APPROVE,
        topics=("mekm",),
        pillars=(SA, SS, HI),
        published="2025-07-31",
        publishers=("NSPS",),
        authors="Monitoring and evaluation unit",
        tags=("mapping", "counties", "coverage"),
        summary="Which programmes operate in which county, who runs them and how many "
        "households they reached in the last financial year.",
        rows=(
            ("County", "Programme", "Lead organisation", "Households reached"),
            ("Turkana", "Hunger Safety Net Programme", "NDMA", 98500),
            ("Marsabit", "Hunger Safety Net Programme", "NDMA", 40200),
            ("Kilifi", "Older Persons Cash Transfer", "SAU", 31400),
            ("Kisumu", "Cash Transfer for Orphans and Vulnerable Children", "SAU", 22800),
            ("Nairobi", "Urban safety net pilot", "KCWG", 15000),
            ("Garissa", "Nutrition-sensitive cash transfer", "UNICEF", 9800),
        ),
        days_ago=90,
        downloads=49,
    ),
    Spec(
        title="Annual report of the Community of Practice 2025",
        type=T.ANNUAL_REPORT,
        format="pdf",
        by=COORDINATOR,
        visibility=V.PUBLIC,
        topics=(),
        pillars=(SA, SS, HI),
        published="2026-02-27",
        publishers=("NSPS",),
        authors="CoP Secretariat",
        tags=("annual report", "community of practice"),
        summary="The CoP's year: members admitted, working groups' results, roundtables held "
        "and what the members asked for next year.",
        text=(
            "Members",
            "The CoP admitted new member organisations from government, civil society, "
            "academia and the private sector, and its first individual members.",
            "Working groups",
            "Six thematic working groups met at least once a quarter; the shock-responsive "
            "group agreed drought triggers and the monitoring group a common results framework.",
            "Roundtables",
            "Four quarterly roundtables brought members together on financing, child benefits, "
            "pensions for informal workers and county coordination.",
        ),
        days_ago=25,
        downloads=38,
    ),
    Spec(
        title="People reached by the Inua Jamii transfers, by programme",
        type=T.OTHER,
        format="png",
        by=COORDINATOR,
        visibility=V.PUBLIC,
        topics=("communication-advocacy",),
        pillars=(SA,),
        published="2025-09-01",
        publishers=("SAU",),
        authors="Communication and Advocacy working group",
        tags=("infographic", "inua jamii"),
        summary="A chart of the number of people enrolled in each of the three national cash "
        "transfers (illustrative figures).",
        bars=(("Older persons", 833000), ("Orphans", 353000), ("Disability", 47000)),
        days_ago=80,
        downloads=120,
    ),
    Spec(
        title="Webinar: shock-responsive cash in the 2023 drought",
        type=T.VIDEO,
        format="",
        by="wfp@demo.cop.ke",
        visibility=V.PUBLIC,
        public=APPROVE,
        topics=("shock-responsive",),
        pillars=(SA,),
        national=False,
        counties=("Turkana", "Wajir", "Garissa"),
        published="2024-05-16",
        publishers=("WFP", "NDMA"),
        authors="Shock-Responsive Social Protection working group",
        tags=("webinar", "drought", "scale-up"),
        summary="Recording of a members' webinar: county teams explain how they scaled up "
        "payments during the drought and what they would do differently.",
        url="https://video.example.org/cop/webinar-shock-responsive-cash-2023",
        days_ago=210,
    ),
    Spec(
        title="County social protection strategy for Kilifi",
        type=T.STRATEGY,
        format="docx",
        by="turkana@demo.cop.ke",
        visibility=V.PUBLIC,
        public=APPROVE,
        topics=("policy-system-strengthening",),
        pillars=(SA, HI),
        national=False,
        counties=("Kilifi",),
        published="2025-04-04",
        publishers=("CoG",),
        authors="County Department of Social Services, Kilifi",
        tags=("county strategy", "devolution"),
        summary="The county's five-year plan for social protection: a county cash transfer, "
        "health cover for the poorest and referral to national programmes.",
        text=(
            "Vision",
            "Every poor and vulnerable household in Kilifi is reached by at least one social "
            "protection programme by the end of the plan.",
            "Priorities",
            "The county will pay health insurance contributions for the poorest households, "
            "run a small cash transfer for families caring for children with disabilities, "
            "and refer eligible residents to national transfers.",
            "Coordination",
            "A county social protection forum meets each quarter with national agencies and "
            "partners working in the county.",
        ),
        days_ago=150,
        downloads=22,
    ),
    Spec(
        title="Conference resolutions of the national social protection conference",
        type=T.RESOLUTION,
        format="txt",
        by=COORDINATOR,
        visibility=V.PUBLIC,
        topics=(),
        pillars=(SA, SS, HI),
        published="2025-10-24",
        publishers=("NSPS", "SDSP"),
        authors="Conference rapporteurs",
        tags=("conference", "resolutions"),
        summary="The resolutions adopted by delegates on financing, coverage, county "
        "coordination and the role of the Community of Practice.",
        text=(
            "Resolution 1. Government and partners will agree a plan to raise spending on "
            "social assistance over five years.",
            "Resolution 2. Counties will appoint social protection focal points and join "
            "the county coordination committees.",
            "Resolution 3. The Community of Practice will publish an annual review of "
            "progress on these resolutions.",
        ),
        days_ago=60,
        downloads=29,
    ),
    # -- Public, waiting for the coordinator -------------------------------------------------
    Spec(
        title="Akiba ya uzeeni kwa wafanyakazi wa sekta isiyo rasmi",
        type=T.PRESENTATION,
        format="pptx",
        by="nssf@demo.cop.ke",
        visibility=V.PUBLIC,
        topics=("financing-sustainability",),
        pillars=(SS,),
        published="2026-03-05",
        publishers=("NSSF",),
        authors="Idara ya Mawasiliano",
        language=L.KISWAHILI,
        tags=("pensheni", "akiba"),
        summary="Wasilisho kuhusu jinsi wafanyakazi wa sekta isiyo rasmi wanavyoweza kuweka "
        "akiba ya uzeeni kwa kiasi kidogo kila siku.",
        slides=(
            ("Akiba ya uzeeni", "Mpango wa kuweka akiba kwa kiasi kidogo"),
            ("Nani anaweza kujiunga?", "Kila mfanyakazi mwenye kitambulisho cha taifa"),
            ("Jinsi ya kuchangia", "Michango hutumwa kwa simu ya mkononi kila siku au wiki"),
            ("Faida", "Akiba yako hukua na kupata riba hadi utakapostaafu"),
        ),
        days_ago=12,
    ),
    Spec(
        title="Targeting tool for urban cash transfers",
        type=T.TARGETING_TOOL,
        format="xlsx",
        by="member@demo.cop.ke",
        visibility=V.PUBLIC,
        topics=("mekm",),
        pillars=(SA,),
        national=False,
        counties=("Nairobi", "Mombasa", "Kisumu"),
        published="2026-01-20",
        publishers=("IDS", "KCWG"),
        authors="Peter Njoroge",
        tags=("targeting", "urban poverty", "proxy means test"),
        summary="A scoring sheet that ranks urban households by indicators of poverty that "
        "enumerators can check on a home visit.",
        rows=(
            ("Indicator", "Answer", "Weight"),
            ("Household head has no regular income", "Yes", 12),
            ("Three or more children under 15", "Yes", 8),
            ("Floor of earth or sand", "Yes", 6),
            ("Shares a toilet with other households", "Yes", 5),
            ("Member with a disability", "Yes", 9),
        ),
        days_ago=8,
    ),
    Spec(
        title="Funding appeal: emergency cash for flood-affected households",
        type=T.FUNDING_APPEAL,
        format="pdf",
        by="wfp@demo.cop.ke",
        visibility=V.PUBLIC,
        topics=("shock-responsive",),
        pillars=(SA,),
        national=False,
        counties=("Tana River", "Garissa", "Kisumu"),
        published="2026-04-02",
        publishers=("WFP", "KCWG"),
        authors="Kenya Cash Working Group",
        tags=("floods", "emergency", "funding appeal"),
        summary="What partners need to pay three months of emergency cash to households "
        "displaced by the long rains.",
        text=(
            "The situation",
            "The long rains displaced families along the Tana and the shores of Lake "
            "Victoria and destroyed their crops and stores.",
            "What we ask",
            "Partners are asked to fund three monthly payments to affected households "
            "through the accounts of the national programmes where they exist.",
        ),
        days_ago=4,
    ),
    # -- Public, refused -----------------------------------------------------------------------
    Spec(
        title="Notes from the learning visit to Mombasa payment points",
        type=T.OTHER,
        format="txt",
        by="member@demo.cop.ke",
        visibility=V.PUBLIC,
        public=REFUSE,
        refusal="These are one person's notes: please share the joint visit report for the "
        "public page, and keep these for members.",
        topics=("mekm",),
        pillars=(SA,),
        national=False,
        counties=("Mombasa",),
        published="2026-02-11",
        publishers=("IDS",),
        authors="Peter Njoroge",
        tags=("learning visit", "payments"),
        summary="Observations from two payment points: queues, agent fees and how older "
        "people were helped.",
        text=(
            "Queues were shortest at the agent inside the market and longest at the bank "
            "branch on payment day.",
            "Two older women said an agent asked them for a fee to withdraw their transfer.",
            "Committee members helped people with disabilities to the front of the queue.",
        ),
        days_ago=40,
    ),
    # -- Members of the CoP ----------------------------------------------------------------------
    Spec(
        title="Enhanced single registry: data dictionary",
        type=T.GUIDELINE,
        format="csv",
        by="twglead@demo.cop.ke",
        topics=("mekm",),
        pillars=(SA, SS, HI),
        published="2025-03-01",
        publishers=("NSPS",),
        authors="Registry team",
        tags=("single registry", "data", "interoperability"),
        summary="The fields programmes share with the single registry: their names, formats "
        "and who may read them.",
        rows=(
            ("field", "format", "description", "shared with"),
            ("household_id", "text", "Registry identifier of the household", "all programmes"),
            ("county", "code", "County of residence, 001 to 047", "all programmes"),
            ("head_age", "integer", "Age of the household head in years", "all programmes"),
            ("disability", "yes/no", "A member has a severe disability", "social assistance"),
        ),
        versions=(
            (
                45,
                "Adds the grievance and referral fields",
                (
                    ("field", "format", "description", "shared with"),
                    ("household_id", "text", "Registry identifier of the household", "all"),
                    ("county", "code", "County of residence, 001 to 047", "all programmes"),
                    ("head_age", "integer", "Age of the household head in years", "all"),
                    ("disability", "yes/no", "A member has a severe disability", "assistance"),
                    ("grievance_open", "yes/no", "An open complaint about payments", "all"),
                    ("referred_to", "text", "Programme the household was referred to", "all"),
                ),
            ),
        ),
        days_ago=190,
        downloads=67,
    ),
    Spec(
        title="Capacity gaps and needs assessment of county social protection teams",
        type=T.CAPACITY_ASSESSMENT,
        format="pdf",
        by="dsd@demo.cop.ke",
        topics=("policy-system-strengthening",),
        pillars=(SA,),
        national=False,
        counties=("Turkana", "Kitui", "Baringo", "Kilifi"),
        published="2025-06-18",
        publishers=("DSD",),
        authors="Felix Omondi; Esther Naliaka",
        tags=("capacity", "county teams", "case management"),
        summary="The skills, staff and equipment county teams lack to enrol households, "
        "follow up cases and refer people between programmes.",
        text=(
            "Staff",
            "Most sub-county offices have one social development officer for tens of "
            "thousands of enrolled households.",
            "Skills",
            "Officers asked for training in case management, data protection and the use of "
            "the registry's referral module.",
            "Equipment",
            "Many offices lack a vehicle and reliable internet, which delays enrolment and "
            "the handling of complaints.",
        ),
        days_ago=160,
        downloads=31,
    ),
    Spec(
        title="Bima ya afya kwa kaya maskini: utafiti wa Kisumu",
        type=T.RESEARCH,
        format="docx",
        by="sha@demo.cop.ke",
        topics=("financing-sustainability",),
        pillars=(HI,),
        national=False,
        counties=("Kisumu",),
        published="2025-08-08",
        publishers=("SHA",),
        authors="Otieno Were",
        language=L.KISWAHILI,
        tags=("bima ya afya", "kaya maskini"),
        summary="Utafiti kuhusu jinsi kaya maskini za Kisumu zinavyotumia bima ya afya "
        "inayolipiwa na serikali.",
        text=(
            "Kaya nyingi maskini hazikujua kwamba serikali inawalipia michango ya bima ya afya.",
            "Waliojua walitumia huduma za kliniki mara nyingi zaidi na walilipa gharama ndogo "
            "kutoka mifukoni mwao.",
            "Utafiti unapendekeza wahudumu wa afya ya jamii watumike kuwaelimisha wananchi "
            "kuhusu haki zao za matibabu.",
        ),
        days_ago=110,
        downloads=18,
    ),
    Spec(
        title="Results framework of the Community of Practice",
        type=T.FRAMEWORK,
        format="xlsx",
        by="twglead@demo.cop.ke",
        topics=("mekm",),
        pillars=(),
        published="2025-09-30",
        publishers=("NSPS",),
        authors="Monitoring, Evaluation and Knowledge Management working group",
        tags=("results framework", "indicators"),
        summary="The CoP's outcomes, their indicators, baselines and targets, and who "
        "reports each one.",
        rows=(
            ("Outcome", "Indicator", "Baseline", "Target", "Reported by"),
            ("Members share knowledge", "Documents uploaded a year", 40, 150, "Coordinator"),
            ("Members take part", "Organisations at each roundtable", 25, 45, "Secretariat"),
            ("Working groups deliver", "Resolutions acted on within a year", 5, 20, "TWG leads"),
        ),
        days_ago=85,
        downloads=26,
    ),
    Spec(
        title="Presentation: the child benefit options",
        type=T.PRESENTATION,
        format="pptx",
        by="committee@demo.cop.ke",
        topics=("policy-system-strengthening", "financing-sustainability"),
        pillars=(SA,),
        published="2025-12-04",
        publishers=("UNICEF",),
        authors="Amina Hassan",
        tags=("child benefit", "costing"),
        summary="Slides from the December roundtable comparing three ways to start a child "
        "benefit, with their cost and reach.",
        slides=(
            ("The child benefit options", "December roundtable"),
            ("Option A", "Every child under three in the ten poorest counties"),
            ("Option B", "Every child under three nationwide, phased over four years"),
            ("Option C", "A top-up for children in households already enrolled"),
            ("Next steps", "Costing by the Financing and Sustainability working group"),
        ),
        days_ago=50,
        downloads=44,
    ),
    Spec(
        title="Action plan for grievance and complaints handling",
        type=T.ACTION_PLAN,
        format="odt",
        by="sau@demo.cop.ke",
        topics=("complementary-standards",),
        pillars=(SA,),
        published="2025-05-05",
        publishers=("SAU", "BWC"),
        authors="Agnes Wambua",
        tags=("grievances", "accountability", "action plan"),
        summary="Steps, owners and dates to answer every complaint within thirty days and "
        "publish how complaints were resolved.",
        text=(
            "Step 1: one toll-free line and one register for all national cash transfers.",
            "Step 2: every complaint answered within thirty days, escalated if it is not.",
            "Step 3: a quarterly report on complaints received and resolved, by county.",
        ),
        days_ago=130,
        downloads=12,
    ),
    Spec(
        title="Pension coverage survey: tables",
        type=T.RESEARCH,
        format="csv",
        by="labour@demo.cop.ke",
        topics=("financing-sustainability",),
        pillars=(SS,),
        published="2024-12-10",
        publishers=("DoL", "RBA"),
        authors="Labour market information unit",
        tags=("pensions", "coverage", "survey"),
        summary="Share of workers saving for retirement, by sector, sex and age group "
        "(illustrative survey tables).",
        rows=(
            ("sector", "sex", "age group", "share saving for retirement (%)"),
            ("formal", "women", "25-44", 61),
            ("formal", "men", "25-44", 66),
            ("informal", "women", "25-44", 9),
            ("informal", "men", "25-44", 14),
        ),
        days_ago=220,
        downloads=15,
    ),
    Spec(
        title="Cash transfer payment schedule 2025",
        type=T.OTHER,
        format="pdf",
        by=COORDINATOR,
        topics=(),
        pillars=(SA,),
        published="2025-01-10",
        publishers=("SAU",),
        authors="Social Assistance Unit",
        tags=("payments", "schedule"),
        summary="The months in which each payment cycle of the national cash transfers was "
        "planned to be paid.",
        text=(
            "Cycle 1: payments in the second half of January and February.",
            "Cycle 2: payments in March and April.",
            "Cycle 3: payments in May and June.",
        ),
        withdrawn="Replaced by the revised schedule: two of the payment months in it were wrong.",
        days_ago=320,
        downloads=53,
    ),
    Spec(
        title="Private sector role in pensions and health cover",
        type=T.RESEARCH,
        format="pdf",
        by="ids@demo.cop.ke",
        topics=("financing-sustainability",),
        pillars=(SS, HI),
        published="2025-10-15",
        publishers=("KEPSA", "IDS"),
        authors="Grace Wanjiku",
        tags=("private sector", "pensions", "health insurance"),
        summary="How employers, insurers and mobile money providers can help extend coverage "
        "to small businesses and their workers.",
        text=(
            "Small businesses rarely register their workers for pensions or health insurance "
            "because the paperwork is heavy and contributions fall due when cash is short.",
            "Insurers and mobile money providers have built products that collect small "
            "amounts often, and employers' associations can enrol members in groups.",
        ),
        days_ago=70,
        downloads=9,
    ),
    # -- One working group's members -------------------------------------------------------------
    Spec(
        title="Drought scale-up triggers: working draft",
        type=T.GUIDELINE,
        format="docx",
        by="ndma@demo.cop.ke",
        visibility=V.TWG,
        body="shock-responsive",
        topics=("shock-responsive",),
        pillars=(SA,),
        national=False,
        counties=("Turkana", "Marsabit", "Wajir", "Mandera", "Isiolo", "Samburu"),
        published="2026-03-18",
        publishers=("NDMA",),
        authors="Abdi Hussein",
        tags=("triggers", "drought", "draft"),
        summary="The working group's draft of the thresholds that start and stop an "
        "emergency scale-up, for comment before the next meeting.",
        text=(
            "Start: two months in the severe band of the vegetation condition index.",
            "Stop: two months back in the normal band, or six months of payments.",
            "Open question for members: should a flood warning trigger payments before the "
            "water arrives?",
        ),
        days_ago=10,
        downloads=7,
    ),
    Spec(
        title="Tahadhari ya ukame na msaada wa fedha",
        type=T.SITUATION_ANALYSIS,
        format="txt",
        by="focal@demo.cop.ke",
        visibility=V.TWG,
        body="shock-responsive",
        topics=("shock-responsive",),
        pillars=(SA,),
        national=False,
        counties=("Turkana", "Marsabit"),
        published="2026-02-20",
        publishers=("NDMA",),
        authors="Grace Mutua",
        language=L.KISWAHILI,
        tags=("ukame", "tahadhari"),
        summary="Hali ya ukame katika kaunti za kaskazini na mapendekezo ya malipo ya dharura.",
        text=(
            "Mvua za msimu zilinyesha chini ya wastani katika kaunti za Turkana na Marsabit.",
            "Malisho ya mifugo yamepungua na bei ya chakula imepanda sokoni.",
            "Tunapendekeza malipo ya dharura yaanze mwezi ujao kwa kaya zilizosajiliwa.",
        ),
        days_ago=30,
        downloads=5,
    ),
    Spec(
        title="Data quality checklist for programme monitoring",
        type=T.GUIDELINE,
        format="xlsx",
        by="twglead@demo.cop.ke",
        visibility=V.TWG,
        body="mekm",
        topics=("mekm",),
        pillars=(SA, SS, HI),
        published="2026-01-12",
        publishers=("NSPS", "IDS"),
        authors="Kiprono Langat",
        tags=("data quality", "monitoring"),
        summary="Checks the working group agreed to run on each programme's monthly "
        "monitoring data before it is shared.",
        rows=(
            ("Check", "How", "Who"),
            ("Duplicates", "Same national identity number in two households", "Registry team"),
            ("Missing county", "County code empty or outside 001 to 047", "Programme officer"),
            ("Late payments", "Payment date after the cycle's last day", "Payments officer"),
        ),
        days_ago=45,
        downloads=11,
    ),
    Spec(
        title="Costing model for a child benefit",
        type=T.RESEARCH,
        format="xlsx",
        by="nssf@demo.cop.ke",
        visibility=V.TWG,
        body="financing-sustainability",
        topics=("financing-sustainability",),
        pillars=(SA,),
        published="2026-02-02",
        publishers=("NSSF", "ILO"),
        authors="Financing and Sustainability working group",
        tags=("costing", "child benefit"),
        summary="The working group's model of the cost of three child benefit options over "
        "five years.",
        rows=(
            ("Year", "Option A (KSh millions)", "Option B (KSh millions)"),
            (1, 4200, 9800),
            (2, 4400, 15600),
            (3, 4600, 21900),
        ),
        days_ago=20,
        downloads=6,
    ),
    Spec(
        title="Policy review gap matrix",
        type=T.OTHER,
        format="docx",
        by="sdsp@demo.cop.ke",
        visibility=V.TWG,
        body="policy-system-strengthening",
        topics=("policy-system-strengthening",),
        pillars=(SA, SS, HI),
        published="2025-11-20",
        publishers=("SDSP",),
        authors="Elijah Mutua",
        tags=("policy review", "gaps"),
        summary="Where laws, policies and guidelines disagree or are missing, and which "
        "review the working group proposes for each gap.",
        text=(
            "Gap: no law sets the level of the cash transfers or how it is reviewed.",
            "Gap: county programmes have no common standard for targeting or grievances.",
            "Proposal: a social assistance bill and county guidelines drafted together.",
        ),
        days_ago=55,
        downloads=9,
    ),
    # -- One committee's members -----------------------------------------------------------------
    Spec(
        title="Draft work plan of the Coordination Committee",
        type=T.ACTION_PLAN,
        format="docx",
        by="director@demo.cop.ke",
        visibility=V.COMMITTEE,
        body="oversight-committee",
        topics=(),
        pillars=(SA, SS, HI),
        published="2026-01-08",
        publishers=("NSPS",),
        authors="Coordination Committee secretariat",
        tags=("work plan", "committee"),
        summary="The committee's draft plan for the year: membership drives, roundtables, "
        "working group reviews and resource mobilisation.",
        text=(
            "Quarter 1: review pending membership applications and admit the first county members.",
            "Quarter 2: review the working groups' terms of reference.",
            "Quarter 3: resource mobilisation round with development partners.",
            "Quarter 4: annual conference and report to the Steering Committee.",
        ),
        days_ago=35,
        downloads=14,
    ),
    Spec(
        title="Scoring note on membership criteria",
        type=T.GUIDELINE,
        format="pdf",
        by="committee@demo.cop.ke",
        visibility=V.COMMITTEE,
        body="oversight-committee",
        topics=(),
        pillars=(),
        published="2025-08-19",
        publishers=("UNICEF",),
        authors="Amina Hassan",
        tags=("membership", "criteria"),
        summary="How committee members score an application on alignment, value added, "
        "credibility and reach, with examples.",
        text=(
            "Alignment: the organisation's work serves the national policy's aims.",
            "Value added: it brings knowledge, reach or resources the CoP lacks.",
            "Credibility: it is registered, accountable and known to other members.",
            "Reach: it works in counties or on topics where the CoP is thin.",
        ),
        days_ago=100,
        downloads=19,
    ),
    Spec(
        title="Kumbukumbu za mkutano wa kamati ya kaunti ya Turkana",
        type=T.MINUTES,
        format="docx",
        by="turkana@demo.cop.ke",
        visibility=V.COMMITTEE,
        body="turkana-county-committee",
        topics=("shock-responsive",),
        pillars=(SA,),
        national=False,
        counties=("Turkana",),
        published="2026-02-26",
        publishers=("CoG", "NDMA"),
        authors="Mary Akai",
        language=L.KISWAHILI,
        tags=("kumbukumbu", "kamati ya kaunti"),
        summary="Kumbukumbu za mkutano wa robo mwaka wa kamati ya uratibu ya kaunti.",
        text=(
            "Mwenyekiti alifungua mkutano na kuwakaribisha wanakamati wote.",
            "Kamati ilijadili ripoti ya ukame na kukubaliana kuomba malipo ya dharura "
            "kwa wadi nne.",
            "Katibu ataandaa barua kwa Mamlaka ya Kitaifa ya Kudhibiti Ukame kabla ya "
            "mwisho wa mwezi.",
        ),
        days_ago=18,
        downloads=4,
    ),
    Spec(
        title="Brief to the National Steering Committee on financing",
        type=T.OTHER,
        format="pdf",
        by="ps.sp@demo.cop.ke",
        visibility=V.COMMITTEE,
        body="national-steering-committee",
        topics=("financing-sustainability",),
        pillars=(SA, SS, HI),
        published="2026-03-10",
        publishers=("SDSP",),
        authors="Coordination Committee",
        tags=("brief", "financing"),
        summary="The decisions the Coordination Committee asks of the principal secretaries "
        "on the budget for social assistance.",
        text=(
            "Decision sought: agree a five-year path for spending on social assistance.",
            "Decision sought: ask the Treasury to protect cash transfer budgets from "
            "mid-year cuts.",
        ),
        days_ago=15,
        downloads=3,
    ),
]


def _file(spec, *, text=None, rows=None):
    """The file of a document (or of its later version) as an upload, written from its spec."""
    text = spec.text if text is None else text
    rows = spec.rows if rows is None else rows
    note = DEMO_NOTE_SW if spec.language == L.KISWAHILI else DEMO_NOTE
    name = slugify(spec.title)[:60]
    match spec.format:
        case "pdf":
            half = (len(text) + 1) // 2
            pages = ["\n".join(text[:half]), "\n".join((*text[half:], "", note))]
            data = demo_files.pdf(*pages, title=spec.title)
        case "docx":
            data = demo_files.docx(*text, note, heading=spec.title)
        case "odt":
            data = demo_files.odt(*text, note, heading=spec.title)
        case "txt":
            data = demo_files.txt(spec.title, *text, note)
        case "xlsx":
            data = demo_files.xlsx({"Data": rows, "About": [[spec.title], [note]]})
        case "csv":
            data = demo_files.csv_text(rows)
        case "pptx":
            data = demo_files.pptx(*spec.slides, note)
        case "png":
            data = demo_files.png_chart(spec.title, spec.bars)
        case _:
            raise ValueError(spec.format)
    return SimpleUploadedFile(f"{name}.{spec.format}", data)


def _checked(upload):
    return files.check_upload(
        upload, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=settings.REPOSITORY_MAX_SIZE
    )


@contextmanager
def _indexing_held():
    """Each upload queues the reading of its file for when it commits. Hold those tasks here
    (the dummy backend keeps them and runs nothing): the files are read together at the
    end, several at a time (``_index``)."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        yield


def _index_one(version_id):
    """The indexing task itself, run in a thread of the pool on its own connection."""
    try:
        return tasks.index_document.call(version_id=version_id)
    finally:
        connection.close()


def _index(document_ids):
    """Read the text of each document's newest file now, as the worker would, so that
    search finds it on a fresh start. Each reading is a subprocess: several run at once,
    unless the rows are not committed yet (inside a test's transaction), where another
    connection could not see them."""
    newest = {}
    for document_id, version_id, number in DocumentVersion.objects.filter(
        document_id__in=document_ids
    ).values_list("document_id", "pk", "number"):
        if number >= newest.get(document_id, (0, 0))[0]:
            newest[document_id] = (number, version_id)
    version_ids = [version_id for _number, version_id in newest.values()]
    if connection.in_atomic_block:
        for version_id in version_ids:
            tasks.index_document.call(version_id=version_id)
        return
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(_index_one, version_ids))


def _backdate(document, spec):
    """Spread the documents over the past year, as if uploaded one by one."""
    now = timezone.now()
    created = now - timedelta(days=spec.days_ago)
    Document.objects.filter(pk=document.pk).update(
        created_at=created, download_count=spec.downloads
    )
    DocumentVersion.objects.filter(document=document, number=1).update(uploaded_at=created)
    events = DocumentEvent.objects.filter(document=document)
    events.filter(
        action__in=[DocumentEvent.Action.UPLOADED, DocumentEvent.Action.PUBLIC_REQUESTED]
    ).update(at=created)
    decided = created + timedelta(days=min(2, spec.days_ago))
    events.filter(action__in=[DocumentEvent.Action.APPROVED, DocumentEvent.Action.REFUSED]).update(
        at=created if spec.by == COORDINATOR else decided
    )
    for number, (days_ago, note, _content) in enumerate(spec.versions, start=2):
        when = now - timedelta(days=days_ago)
        DocumentVersion.objects.filter(document=document, number=number).update(uploaded_at=when)
        events.filter(action=DocumentEvent.Action.NEW_VERSION, note=note).update(at=when)
    if spec.withdrawn:
        events.filter(action=DocumentEvent.Action.WITHDRAWN).update(at=now - timedelta(days=3))
        Document.objects.filter(pk=document.pk).update(withdrawn_at=now - timedelta(days=3))
    # The newest version has a third of the downloads, the first the rest.
    if spec.versions:
        newest = spec.downloads // 3
        versions = DocumentVersion.objects.filter(document=document)
        versions.filter(number=1).update(download_count=spec.downloads - newest)
        versions.filter(number=len(spec.versions) + 1).update(download_count=newest)
    else:
        DocumentVersion.objects.filter(document=document).update(download_count=spec.downloads)


def _create(spec, users, references):
    bodies, groups, pillars, counties, organisations = references
    uploader = users[spec.by]
    data = {
        "title": spec.title,
        "summary": spec.summary,
        "type": spec.type,
        "national": spec.national,
        "published_on": date.fromisoformat(spec.published) if spec.published else None,
        "authors": spec.authors,
        "language": spec.language,
        "visibility": spec.visibility,
        "body": bodies[spec.body] if spec.body else None,
        "rights": RIGHTS,
        "topics": [groups[slug] for slug in spec.topics],
        "pillars": [pillars[slug] for slug in spec.pillars],
        "counties": [counties[name] for name in spec.counties],
        "publishers": [organisations[acronym] for acronym in spec.publishers],
    }
    if spec.url:
        document = services.document_create(
            acting_user=uploader, data=data, tags=spec.tags, external_url=spec.url
        )
    else:
        upload = _file(spec)
        document = services.document_create(
            acting_user=uploader,
            data=data,
            tags=spec.tags,
            upload=upload,
            checked=_checked(upload),
        )
    for _days_ago, note, content in spec.versions:
        is_table = spec.format in ("csv", "xlsx")
        upload = _file(spec, rows=content) if is_table else _file(spec, text=content)
        services.version_add(
            document=document,
            acting_user=uploader,
            upload=upload,
            checked=_checked(upload),
            note=note,
        )
    return document


def seed(users_by_email, organisations_by_acronym):
    """Create the demo documents that do not exist yet; returns how many were created."""
    users = users_by_email
    coordinator = users[COORDINATOR]
    references = (
        Body.objects.in_bulk(field_name="slug"),
        {group.body.slug: group for group in WorkingGroup.objects.select_related("body")},
        Pillar.objects.in_bulk(field_name="slug"),
        County.objects.in_bulk(field_name="name"),
        organisations_by_acronym,
    )
    existing = set(Document.objects.values_list("slug", flat=True))
    created = []
    with _indexing_held():
        for spec in DOCUMENTS:
            if slugify(spec.title)[:100] in existing:
                continue
            document = _create(spec, users, references)
            if spec.public in (APPROVE, REFUSE) and document.public_status == PENDING_STATUS:
                services.document_decide_public(
                    document=document,
                    acting_user=coordinator,
                    approve=spec.public == APPROVE,
                    note=spec.refusal,
                )
            if spec.withdrawn:
                services.document_withdraw(
                    document=document, acting_user=coordinator, reason=spec.withdrawn
                )
            _backdate(document, spec)
            created.append(document.pk)
    _index(created)
    return len(created)


def summary():
    """One line per visibility level of the demo's uploads, for seed_demo to print (the
    documents filed from held meetings are counted apart)."""
    documents = Document.objects.filter(meeting_link__isnull=True)
    public = documents.filter(visibility=V.PUBLIC)
    by_level = dict(
        documents.exclude(visibility=V.PUBLIC)
        .values_list("visibility")
        .annotate(n=Count("pk"))
        .values_list("visibility", "n")
    )
    return {
        "total": documents.count(),
        "from_meetings": Document.objects.filter(meeting_link__isnull=False).count(),
        "public": public.filter(public_status=Document.PublicStatus.APPROVED).count(),
        "waiting": public.filter(public_status=Document.PublicStatus.PENDING).count(),
        "refused": public.filter(public_status=Document.PublicStatus.REFUSED).count(),
        "members": by_level.get(V.MEMBERS, 0),
        "twg": by_level.get(V.TWG, 0),
        "committee": by_level.get(V.COMMITTEE, 0),
        "kiswahili": documents.filter(language=L.KISWAHILI).count(),
        "withdrawn": documents.filter(withdrawn_at__isnull=False).count(),
        "searchable": documents.filter(index_status=Document.IndexStatus.INDEXED).count(),
        "not_searchable": documents.filter(index_status=Document.IndexStatus.FAILED).count(),
    }
