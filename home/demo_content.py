"""Bilingual demo content drawn from the programme's published texts: Conecto+'s public project
description for the European Social Fund Plus (project 23-077-S03, in Swedish and English). Every
text the demo uses is in this file; nothing outside the repository is read.

Each text is a (Swedish, English) pair: the Swedish side builds the page, the pair becomes the
translation that wagtail-localize applies to make the English page.
"""

HOME = {
    "title": ("Conecto+", "Conecto+"),
    "slug": ("hem", "home"),
    "introduction": (
        "Conecto+ är samordningsförbundens länsgemensamma kompetensutveckling i Stockholms län, för dig "
        "som arbetar med att fler ska få och behålla ett arbete.",
        "Conecto+ is the county-wide competence development of the coordination associations in "
        "Stockholm County, for those who work to help more people get and keep a job.",
    ),
    "body": [
        ("h2", "Kunskap som går att använda i vardagen", "Knowledge you can use in your daily work"),
        (
            "p",
            "Vi erbjuder kunskapsseminarier, fördjupningsmoduler och handledning för medarbetare och chefer "
            "hos Arbetsförmedlingen, Försäkringskassan, ett tjugotal kommuner, Region Stockholm, privata "
            "aktörer och civilsamhället.",
            "We offer knowledge seminars, in-depth modules and supervision for staff and managers at "
            "Arbetsförmedlingen, Försäkringskassan, about twenty municipalities, Region Stockholm, private "
            "providers and civil society.",
        ),
        (
            "p",
            "Projektet pågår 1 oktober 2024 till 30 juni 2027, medfinansieras av Europeiska socialfonden+ "
            "och vänder sig till omkring 2 500 deltagare.",
            "The project runs from 1 October 2024 to 30 June 2027, is co-funded by the European Social "
            "Fund Plus and is open to about 2,500 participants.",
        ),
        (
            "cta",
            ("Så fungerar Conecto+", "How Conecto+ works"),
            (
                "Läs om programmets tre delar och de prioriterade temaområdena.",
                "Read about the programme's three parts and its priority themes.",
            ),
            ("Läs mer om programmet", "Read more about the programme"),
            "about",
        ),
        (
            "quote",
            (
                "Personer som har svårare att få och behålla en anställning behöver samordnat stöd från "
                "flera aktörer på sin väg mot arbete och studier.",
                "People who find it harder to get and keep a job need coordinated support from several "
                "actors on their way to work and studies.",
            ),
            ("Ur projektbeskrivningen för Conecto+", "From the Conecto+ project description"),
        ),
    ],
}

ABOUT = {
    "key": "about",
    "title": ("Om Conecto+", "About Conecto+"),
    "slug": ("om-conecto", "about-conecto"),
    "show_in_menus": True,
    "introduction": (
        "Conecto+ stärker kompetensen hos yrkesverksamma hos samordningsförbundens medlemmar, så att fler "
        "som står långt från arbetsmarknaden får samordnat stöd mot arbete och studier.",
        "Conecto+ strengthens the skills of professionals among the members of the coordination "
        "associations, so that more people far from the labour market get coordinated support towards "
        "work and studies.",
    ),
    "body": [
        ("h2", "Varför Conecto+ behövs", "Why Conecto+ is needed"),
        (
            "p",
            "På svensk arbetsmarknad har vi ojämlika möjligheter att få och behålla ett arbete. Grupper som "
            "utomeuropeiskt födda, personer med kort utbildning och personer med ohälsa eller "
            "funktionsnedsättning inkluderas inte tillräckligt på arbetsmarknaden.",
            "In the Swedish labour market, we have unequal opportunities to get and keep a job. Groups such "
            "as people born outside Europe, people with a short education and people with ill health or "
            "disabilities are not sufficiently included in the labour market.",
        ),
        (
            "p",
            "Trots god kunskap om välfungerande metoder tillämpas de inte i tillräckligt hög utsträckning. "
            "Kompetensutveckling görs dessutom sällan samordnat mellan de organisationer som möter samma "
            "personer.",
            "Although there is good knowledge of methods that work, they are not applied enough. Competence "
            "development is also rarely coordinated between the organisations that meet the same people.",
        ),
        (
            "image",
            (
                "Tre sammanlänkade cirklar i blått, grönt och orange som symboliserar programmets tre delar.",
                "Three linked circles in blue, green and orange symbolising the programme's three parts.",
            ),
            ("Programmets tre delar hänger ihop.", "The programme's three parts belong together."),
        ),
        ("h2", "Tre delar", "Three parts"),
        (
            "p",
            "<b>Kunskapsseminarier</b>, digitala eller på plats, sprider generell kunskap om metoder och "
            "arbetssätt.",
            "<b>Knowledge seminars</b>, online or on site, spread general knowledge about methods and ways "
            "of working.",
        ),
        (
            "p",
            "<b>Fördjupningsmoduler och processtöd</b> ger fördjupad kompetensutveckling inom prioriterade "
            "temaområden.",
            "<b>In-depth modules and process support</b> give deeper competence development within priority "
            "themes.",
        ),
        (
            "p",
            "<b>Handledning</b> och praktiskt stöd hjälper dig att omsätta den nya kunskapen i ditt dagliga "
            "arbete.",
            "<b>Supervision</b> and practical support help you put the new knowledge into practice in your "
            "daily work.",
        ),
        ("h2", "Prioriterade teman", "Priority themes"),
        (
            "p",
            "Evidensbaserade metoder som Supported Employment, Supported Education och Case Management, samt "
            "arbetssätt från Matchning från dag 1 och BIP.",
            "Evidence-based methods such as Supported Employment, Supported Education and Case Management, "
            "and ways of working from Matchning från dag 1 and BIP.",
        ),
        (
            "p",
            "Jämställdhet, tillgänglighet och icke-diskriminering samt metoder för deltagarinvolvering.",
            "Gender equality, accessibility and non-discrimination, and methods for participant involvement.",
        ),
        (
            "p",
            "Samverkan med ett helhets- och medborgarperspektiv.",
            "Collaboration with a holistic, citizen perspective.",
        ),
        (
            "quote",
            (
                "Genom att hålla samman kompetensutvecklingsinsatser och genomförandeinsatser får vi ett större "
                "genomslag.",
                "By keeping competence development and implementation together we make a greater impact.",
            ),
            ("Conecto+ och genomförandeprojektet Lumena", "Conecto+ and the implementation project Lumena"),
        ),
        (
            "p",
            "Conecto+ (projektnummer 23-077-S03) ägs av Samordningsförbundet Östra Södertörn och bygger "
            "vidare på modellen från det tidigare projektet Conecto.",
            "Conecto+ (project number 23-077-S03) is owned by Samordningsförbundet Östra Södertörn and builds "
            "on the model from the earlier project Conecto.",
        ),
    ],
}

ACCESSIBILITY = {
    "key": "accessibility",
    "title": ("Tillgänglighetsredogörelse", "Accessibility statement"),
    "slug": ("tillganglighetsredogorelse", "accessibility-statement"),
    "introduction": (
        "Samordningsförbunden i Stockholms län står bakom den här webbplatsen. Vi vill att så många som "
        "möjligt ska kunna använda den. Här beskriver vi hur webbplatsen uppfyller lagen om tillgänglighet "
        "till digital offentlig service, kända brister och hur du kan rapportera problem.",
        "The coordination associations in Stockholm County are behind this website. We want as many people "
        "as possible to be able to use it. This statement describes how the website complies with the Swedish "
        "act on accessibility to digital public services, known issues, and how you can report problems.",
    ),
    "body": [
        ("h2", "Hur tillgänglig är webbplatsen?", "How accessible is this website?"),
        (
            "p",
            "Webbplatsen är byggd för att uppfylla nivå AA i WCAG 2.1. Den fungerar med tangentbord, "
            "skärmläsare och förstoring, och innehållet går att läsa utan JavaScript.",
            "The website is built to meet level AA of WCAG 2.1. It works with a keyboard, screen readers "
            "and magnification, and its content can be read without JavaScript.",
        ),
        (
            "h2",
            "Vad kan du göra om du inte kan använda delar av webbplatsen?",
            "What can you do if you cannot use parts of the website?",
        ),
        (
            "p",
            "Om du behöver innehåll från webbplatsen i ett annat format kan du kontakta oss, så hjälper vi "
            "dig. Vi svarar inom fem arbetsdagar.",
            "If you need content from the website in another format, contact us and we will help you. We "
            "reply within five working days.",
        ),
        ("h2", "Rapportera brister i webbplatsens tillgänglighet", "Report accessibility problems"),
        (
            "p",
            "Vi strävar hela tiden efter att förbättra webbplatsens tillgänglighet. Om du upptäcker problem "
            "som inte beskrivs här, eller om du anser att vi inte uppfyller lagens krav, meddela oss så att "
            "vi får veta att problemet finns.",
            "We are always working to improve the accessibility of the website. If you find problems that "
            "are not described here, or think that we do not meet the requirements of the law, let us know "
            "so that we know the problem exists.",
        ),
        ("h2", "Tillsyn", "Enforcement"),
        (
            "p",
            "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn för lagen om tillgänglighet "
            "till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du "
            "kontakta Digg och påtala det.",
            "The Agency for Digital Government (Digg) is responsible for enforcing the act on accessibility "
            "to digital public services. If you are not satisfied with how we handle your comments, you can "
            "contact Digg.",
        ),
        (
            "h2",
            "Teknisk information om webbplatsens tillgänglighet",
            "Technical information about the website's accessibility",
        ),
        (
            "p",
            "Webbplatsen är helt förenlig med lagen om tillgänglighet till digital offentlig service, med de "
            "undantag som beskrivs nedan.",
            "The website is fully compliant with the act on accessibility to digital public services, with "
            "the exceptions described below.",
        ),
        ("h3", "Innehåll som inte är tillgängligt", "Content that is not accessible"),
        (
            "p",
            "Äldre presentationsmaterial i PDF-format från seminarier kan sakna fullständig struktur för "
            "skärmläsare. Kontakta oss om du behöver materialet i ett annat format.",
            "Older presentation material in PDF format from seminars may lack full structure for screen "
            "readers. Contact us if you need the material in another format.",
        ),
        ("h2", "Hur vi testat webbplatsen", "How we tested this website"),
        (
            "p",
            "Vi testar webbplatsen automatiskt med axe-core i en riktig webbläsare vid varje ändring, och "
            "manuellt med tangentbord och skärmläsare. Redogörelsen uppdaterades senast när sidan publicerades.",
            "We test the website automatically with axe-core in a real browser on every change, and manually "
            "with a keyboard and a screen reader. The statement was last updated when this page was published.",
        ),
    ],
}

PRIVACY = {
    "key": "privacy",
    "title": ("Så behandlar vi personuppgifter", "How we handle personal data"),
    "slug": ("personuppgifter", "personal-data"),
    "introduction": (
        "Här beskriver vi vilka personuppgifter webbplatsen behandlar, varför, och vilka rättigheter du har "
        "enligt dataskyddsförordningen (GDPR).",
        "This page describes what personal data the website processes, why, and what rights you have under "
        "the General Data Protection Regulation (GDPR).",
    ),
    "body": [
        ("h2", "Personuppgiftsansvarig", "Data controller"),
        (
            "p",
            "Samordningsförbundet Östra Södertörn är personuppgiftsansvarig för Conecto+ och den här "
            "webbplatsen.",
            "Samordningsförbundet Östra Södertörn is the data controller for Conecto+ and this website.",
        ),
        ("h2", "Vilka uppgifter vi behandlar", "What data we process"),
        (
            "p",
            "Om du skapar ett konto sparar vi ditt namn, din e-postadress, din organisation och din roll, "
            "och vilka lärvägar du följer och hur långt du kommit. Vi använder uppgifterna för att visa dina "
            "kommande tillfällen och för att följa upp projektet gentemot Europeiska socialfonden+.",
            "If you create an account we store your name, your e-mail address, your organisation and your "
            "role, and which learning paths you follow and your progress. We use the data to show your "
            "upcoming sessions and to report on the project to the European Social Fund Plus.",
        ),
        ("h2", "Kakor", "Cookies"),
        (
            "p",
            "Webbplatsen använder bara nödvändiga kakor: en för att hålla dig inloggad och en som skyddar "
            "formulär. Vi använder inga kakor för statistik eller marknadsföring.",
            "The website only uses necessary cookies: one that keeps you signed in and one that protects "
            "forms. We use no cookies for analytics or marketing.",
        ),
        ("h2", "Dina rättigheter", "Your rights"),
        (
            "p",
            "Du har rätt att få veta vilka uppgifter vi har om dig, att få dem rättade eller raderade och att "
            "klaga hos Integritetsskyddsmyndigheten (IMY).",
            "You have the right to know what data we hold about you, to have it corrected or erased, and to "
            "complain to the Swedish Authority for Privacy Protection (IMY).",
        ),
    ],
}

STANDARD_PAGES = [ABOUT, ACCESSIBILITY, PRIVACY]

THEME_INDEX = {
    "key": "themes",
    "title": ("Teman", "Themes"),
    "slug": ("teman", "themes"),
    "introduction": (
        "Conecto+ arbetar inom tre prioriterade temaområden som deltagande aktörer har valt i en "
        "gemensam behovsinventering.",
        "Conecto+ works within priority themes that the participating organisations chose in a joint "
        "survey of needs.",
    ),
    "body": [],
}

THEMES = [
    {
        "key": "methods",
        "title": ("Evidensbaserade metoder", "Evidence-based methods"),
        "slug": ("evidensbaserade-metoder", "evidence-based-methods"),
        "introduction": (
            "Metoder och arbetssätt med fokus på tidig arbetsmarknadsetablering och parallella insatser: "
            "Supported Employment, Supported Education och Case Management.",
            "Methods and ways of working focused on early entry into the labour market and parallel "
            "support: Supported Employment, Supported Education and Case Management.",
        ),
        "body": [
            ("h2", "Metoder som fungerar", "Methods that work"),
            (
                "p",
                "Supported Employment bygger på att personen får stöd att hitta och behålla ett arbete på "
                "den reguljära arbetsmarknaden, med stöd på arbetsplatsen i stället för lång träning före.",
                "Supported Employment means that the person gets help to find and keep a job in the "
                "regular labour market, with support at the workplace instead of long training beforehand.",
            ),
            (
                "p",
                "Vi sprider också kunskap från Matchning från dag 1 och BIP om hur insatser kan ges "
                "parallellt i stället för i tur och ordning.",
                "We also share knowledge from Matchning från dag 1 and BIP on how support can be given in "
                "parallel instead of one step after another.",
            ),
        ],
    },
    {
        "key": "equality",
        "title": (
            "Jämställdhet, tillgänglighet och icke-diskriminering",
            "Gender equality, accessibility and non-discrimination",
        ),
        "slug": ("jamstalldhet-tillganglighet", "equality-accessibility"),
        "introduction": (
            "Ett inkluderande och icke-diskriminerande arbetssätt i mötet med deltagare.",
            "An inclusive and non-discriminatory way of working with participants.",
        ),
        "body": [
            (
                "p",
                "Utlandsfödda kvinnor, personer med kort utbildning och personer med ohälsa eller "
                "funktionsnedsättning får sämre chanser på arbetsmarknaden. Vi arbetar med attityder och "
                "arbetssätt som motverkar diskriminering.",
                "Women born outside Europe, people with a short education and people with ill health or "
                "disabilities get poorer chances in the labour market. We work on attitudes and ways of "
                "working that counter discrimination.",
            ),
        ],
    },
    {
        "key": "involvement",
        "title": ("Deltagarinvolvering", "Participant involvement"),
        "slug": ("deltagarinvolvering", "participant-involvement"),
        "introduction": (
            "Metoder för att involvera deltagarna själva i hur stödet utformas.",
            "Methods for involving participants themselves in how support is shaped.",
        ),
        "body": [
            (
                "p",
                "Den som får stöd vet ofta bäst vad som hjälper. Här samlar vi seminarier och material om "
                "hur deltagarnas röster tas till vara.",
                "Those who receive support often know best what helps. Here we gather seminars and material "
                "on how participants' voices are taken into account.",
            ),
        ],
    },
    {
        "key": "collaboration",
        "title": ("Samverkan och helhetsperspektiv", "Collaboration and a holistic perspective"),
        "slug": ("samverkan", "collaboration"),
        "introduction": (
            "Samverkan med ett helhets- och medborgarperspektiv mellan myndigheter, kommuner, region och "
            "civilsamhälle.",
            "Collaboration with a holistic, citizen perspective between agencies, municipalities, the region "
            "and civil society.",
        ),
        "body": [
            (
                "p",
                "Hindren för arbete är ofta strukturella och organisatoriska snarare än individuella. "
                "Aktörerna behöver samarbeta för att kompetensutvecklingen ska leda till att fler får jobb.",
                "The obstacles to work are often structural and organisational rather than individual. The "
                "organisations need to work together so that competence development leads to more people "
                "getting jobs.",
            ),
        ],
    },
]

NEWS_INDEX = {
    "key": "news",
    "title": ("Nyheter", "News"),
    "slug": ("nyheter", "news"),
    "introduction": (
        "Nytt från Conecto+: seminarier, fördjupningar, handledning och samverkan i Stockholms län.",
        "News from Conecto+: seminars, in-depth modules, supervision and collaboration in Stockholm County.",
    ),
    "body": [],
}

# Each news item: published `days_ago` before the seed ran, tagged with themes (keys of THEMES),
# with a listing illustration drawn at seed time (`image`: index into NEWS_ILLUSTRATIONS) and its
# alternative text in both languages.
NEWS = [
    {
        "title": (
            "Conecto+ startar: kompetensutveckling för hela länet",
            "Conecto+ starts: competence development for the whole county",
        ),
        "slug": ("conecto-plus-startar", "conecto-plus-starts"),
        "introduction": (
            "Samordningsförbunden i Stockholms län startar en ny länsgemensam kunskapssatsning för omkring "
            "2 500 yrkesverksamma, medfinansierad av Europeiska socialfonden+.",
            "The coordination associations in Stockholm County start a new county-wide knowledge initiative "
            "for about 2,500 professionals, co-funded by the European Social Fund Plus.",
        ),
        "body": [
            (
                "p",
                "Projektet pågår från 1 oktober 2024 till 30 juni 2027 och ägs av Samordningsförbundet Östra "
                "Södertörn. Det vänder sig till medarbetare och chefer hos Försäkringskassan, "
                "Arbetsförmedlingen, ett tjugotal kommuner och Region Stockholm.",
                "The project runs from 1 October 2024 to 30 June 2027 and is owned by Samordningsförbundet "
                "Östra Södertörn. It is for staff and managers at Försäkringskassan, Arbetsförmedlingen, about "
                "twenty municipalities and Region Stockholm.",
            ),
            (
                "p",
                "Även privata aktörer som arbetar på uppdrag av offentlig sektor och aktörer från "
                "civilsamhället är välkomna att delta.",
                "Private providers working for the public sector and organisations from civil society are "
                "also welcome to take part.",
            ),
        ],
        "days_ago": 150,
        "themes": ["collaboration"],
        "image": 0,
        "alt": (
            "Illustration: tre ringar i blått, grönt och orange som överlappar varandra.",
            "Illustration: three overlapping rings in blue, green and orange.",
        ),
    },
    {
        "title": (
            "Behovsinventeringen klar: tre prioriterade temaområden",
            "Needs survey complete: three priority themes",
        ),
        "slug": ("behovsinventeringen-klar", "needs-survey-complete"),
        "introduction": (
            "De deltagande aktörerna har valt vilka områden kompetensutvecklingen ska handla om.",
            "The participating organisations have chosen the areas the competence development will cover.",
        ),
        "body": [
            ("h2", "Det här prioriterar vi", "What we prioritise"),
            (
                "p",
                "Metoder och arbetssätt med fokus på tidig arbetsmarknadsetablering och parallella insatser, "
                "jämställdhet, tillgänglighet och icke-diskriminering samt metoder för deltagarinvolvering, "
                "och samverkan med ett helhets- och medborgarperspektiv.",
                "Methods and ways of working focused on early entry into the labour market and parallel "
                "support; gender equality, accessibility and non-discrimination, and methods for participant "
                "involvement; and collaboration with a holistic, citizen perspective.",
            ),
        ],
        "days_ago": 120,
        "themes": ["methods", "equality", "involvement", "collaboration"],
        "image": 1,
        "alt": (
            "Illustration: tre staplar i olika höjd mot ljusblå bakgrund.",
            "Illustration: three bars of different heights on a light blue background.",
        ),
    },
    {
        "title": (
            "Ny fördjupningsmodul i Supported Employment",
            "New in-depth module on Supported Employment",
        ),
        "slug": ("ny-fordjupningsmodul-supported-employment", "new-module-supported-employment"),
        "introduction": (
            "I höst startar en fördjupningsmodul om Supported Employment med sex träffar och övningar "
            "mellan gångerna.",
            "This autumn an in-depth module on Supported Employment starts, with six sessions and exercises "
            "in between.",
        ),
        "body": [
            (
                "p",
                "Supported Employment bygger på att personen får stöd att hitta och behålla ett arbete på den "
                "reguljära arbetsmarknaden, med stöd på arbetsplatsen i stället för lång träning före.",
                "Supported Employment means that the person gets help to find and keep a job in the regular "
                "labour market, with support at the workplace instead of long training beforehand.",
            ),
            (
                "p",
                "Modulen vänder sig till handläggare, coacher och chefer hos kommuner och Arbetsförmedlingen.",
                "The module is for caseworkers, coaches and managers at municipalities and Arbetsförmedlingen.",
            ),
        ],
        "days_ago": 90,
        "themes": ["methods"],
        "image": 2,
        "alt": (
            "Illustration: en stig av prickar som leder upp mot en grön cirkel.",
            "Illustration: a path of dots leading up to a green circle.",
        ),
    },
    {
        "title": (
            "Matchning från dag 1: vad säger forskningen?",
            "Matchning från dag 1: what does the research say?",
        ),
        "slug": ("matchning-fran-dag-1-forskningen", "matchning-fran-dag-1-research"),
        "introduction": (
            "Ett välbesökt seminarium gick igenom erfarenheterna från Matchning från dag 1 och det danska "
            "forskningsprojektet BIP.",
            "A well-attended seminar went through the lessons from Matchning från dag 1 and the Danish "
            "research project BIP.",
        ),
        "body": [
            (
                "p",
                "Insatser som ges parallellt i stället för i tur och ordning ger goda effekter. Deltagarna "
                "diskuterade hur kunskapen kan tillämpas i ordinarie verksamhet.",
                "Support given in parallel rather than one step after another has good effects. Participants "
                "discussed how the knowledge can be applied in regular work.",
            ),
        ],
        "days_ago": 60,
        "themes": ["methods", "collaboration"],
        "image": 3,
        "alt": (
            "Illustration: två parallella linjer i blått och orange.",
            "Illustration: two parallel lines in blue and orange.",
        ),
    },
    {
        "title": (
            "Handledning hjälper kunskapen in i vardagen",
            "Supervision helps knowledge into daily work",
        ),
        "slug": ("handledning-i-vardagen", "supervision-in-daily-work"),
        "introduction": (
            "Nya handledningsgrupper startar för dig som vill omsätta det du lärt dig i praktiken.",
            "New supervision groups start for those who want to put what they have learned into practice.",
        ),
        "body": [
            (
                "p",
                "Handledningarna ges i små grupper varannan vecka. Där diskuteras ärenden och hur metoderna "
                "fungerar i mötet med deltagarna.",
                "Supervision takes place in small groups every other week, discussing cases and how the "
                "methods work with participants.",
            ),
            (
                "p",
                "Handledning är den tredje delen i programmets modell, efter kunskapsseminarier och "
                "fördjupningsmoduler.",
                "Supervision is the third part of the programme's model, after knowledge seminars and in-depth "
                "modules.",
            ),
        ],
        "days_ago": 40,
        "themes": ["methods", "involvement"],
        "image": 4,
        "alt": (
            "Illustration: fyra cirklar runt ett bord, sedda ovanifrån.",
            "Illustration: four circles around a table, seen from above.",
        ),
    },
    {
        "title": (
            "Jämställdhet och icke-diskriminering i mötet med deltagare",
            "Gender equality and non-discrimination when meeting participants",
        ),
        "slug": ("jamstalldhet-i-motet", "equality-when-meeting-participants"),
        "introduction": (
            "Attityder och förhållningssätt påverkar vem som får stöd mot arbete. Nu samlar vi kunskap och "
            "verktyg för ett inkluderande arbetssätt.",
            "Attitudes and approaches affect who gets support towards work. We are gathering knowledge and "
            "tools for an inclusive way of working.",
        ),
        "body": [
            (
                "p",
                "Utomeuropeiskt födda kvinnor, personer med kort utbildning och personer med ohälsa eller "
                "funktionsvariation inkluderas inte på arbetsmarknaden i tillräckligt hög utsträckning.",
                "Women born outside Europe, people with a short education and people with ill health or "
                "disabilities are not sufficiently included in the labour market.",
            ),
        ],
        "days_ago": 25,
        "themes": ["equality"],
        "image": 5,
        "alt": (
            "Illustration: en våg i jämvikt med två lika stora skålar.",
            "Illustration: a balanced scale with two equal pans.",
        ),
    },
    {
        "title": ("Deltagarnas röster formar stödet", "Participants' voices shape the support"),
        "slug": ("deltagarnas-roster", "participants-voices"),
        "introduction": (
            "Med metoder från tjänstedesign involveras deltagare, anhöriga och arbetsgivare i hur stödet "
            "utformas.",
            "Using service design methods, participants, relatives and employers are involved in how support "
            "is shaped.",
        ),
        "body": [
            (
                "p",
                "Den som får stöd vet ofta bäst vad som hjälper. I ett nytt seminarium delar kommuner med sig "
                "av hur de tar tillvara deltagarnas erfarenheter.",
                "Those who receive support often know best what helps. In a new seminar, municipalities share "
                "how they make use of participants' experiences.",
            ),
        ],
        "days_ago": 14,
        "themes": ["involvement"],
        "image": 6,
        "alt": (
            "Illustration: tre pratbubblor i olika färger.",
            "Illustration: three speech bubbles in different colours.",
        ),
    },
    {
        "title": ("Samverkan med civilsamhället", "Collaboration with civil society"),
        "slug": ("samverkan-med-civilsamhallet", "collaboration-with-civil-society"),
        "introduction": (
            "Föreningar och organisationer i civilsamhället är viktiga aktörer på vägen mot arbete och "
            "studier.",
            "Associations and organisations in civil society are important actors on the way to work and "
            "studies.",
        ),
        "body": [
            (
                "p",
                "Hindren för arbete är ofta strukturella och organisatoriska snarare än individuella. När "
                "kommuner, myndigheter, region och civilsamhälle samverkar får fler ett samordnat stöd.",
                "The obstacles to work are often structural and organisational rather than individual. When "
                "municipalities, agencies, the region and civil society work together, more people get "
                "coordinated support.",
            ),
        ],
        "days_ago": 7,
        "themes": ["collaboration"],
        "image": 7,
        "alt": (
            "Illustration: ett nätverk av punkter som binds samman av linjer.",
            "Illustration: a network of dots joined by lines.",
        ),
    },
    {
        "title": ("Tillsammans med Lumena för större genomslag", "Together with Lumena for greater impact"),
        "slug": ("tillsammans-med-lumena", "together-with-lumena"),
        "introduction": (
            "Conecto+ arbetar nära genomförandeprojektet Lumena för ett större, länsgemensamt lärande om "
            "vilka metoder som fungerar.",
            "Conecto+ works closely with the implementation project Lumena for greater county-wide learning "
            "about which methods work.",
        ),
        "body": [
            (
                "p",
                "Genom att hålla samman kompetensutvecklingsinsatser och genomförandeinsatser får vi ett större "
                "genomslag och fångar lättare signaler om var kompetensen behöver stärkas.",
                "By keeping competence development and implementation together, we get greater impact and more "
                "easily pick up signals about where skills need strengthening.",
            ),
        ],
        "days_ago": 2,
        "themes": ["methods", "collaboration"],
        "image": 8,
        "alt": (
            "Illustration: två pusselbitar som passar ihop.",
            "Illustration: two puzzle pieces that fit together.",
        ),
    },
]
