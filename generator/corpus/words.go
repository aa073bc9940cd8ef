package corpus

// The vocabulary every corpus draws on. Names are built from invented
// place-name parts, so no real body is named.

var placeStarts = []string{
	"Ash", "Bar", "Brook", "Church", "Kings", "Mill", "Nor", "Sut", "Est", "Wes", "Stan", "Wick", "Mar", "Thorn",
	"Elm", "Fair", "Hol", "Lang", "Red", "Stone", "Wolver", "Burn", "Cran", "Dun", "Green", "High", "Long", "Oak",
	"Shep", "Tam", "Alder", "Bram", "Clay", "Dray", "Fen", "Gold", "Hazel", "Ivy", "Kil", "Lind", "Moss", "Pen",
}

var placeEnds = []string{
	"ford", "ton", "bury", "field", "ham", "ley", "wick", "worth", "by", "combe", "stow", "minster", "hampton",
	"borough", "dale", "wood", "mouth", "bridge", "moor", "well", "thorpe", "cester",
}

type partnerKind struct {
	kind, group, pattern, register string
	size                           float64 // how much a body of this kind funds, relatively
}

var partnerKinds = []partnerKind{
	{"county-council", "County councils", "%s County Council", "LAE", 8},
	{"unitary-council", "Unitary councils", "%s City Council", "LAE", 6},
	{"nhs", "NHS", "NHS %s", "NHS", 5},
	{"district-council", "District and borough councils", "%s District Council", "LAE", 1},
	{"district-council", "District and borough councils", "%s Borough Council", "LAE", 1},
	{"police", "Police", "%s Police", "GOR", 1.5},
	{"fire", "Fire and rescue", "%s Fire and Rescue Service", "GOR", 1},
	{"other", "Other public bodies", "%s Combined Authority", "GOR", 2},
}

var partnerKindWeights = []float64{6, 10, 12, 30, 20, 8, 8, 2}

// serviceList starts with the reference site's three services.
var serviceList = []service{
	{"debt-advice", "Debt, Benefits and Consumer Advice", "Free, independent advice on debt, welfare benefits and consumer problems.", "citizens-advice", "Citizens Advice", "Citizens Advice"},
	{"infrastructure", "Third Sector Infrastructure and Volunteering", "Support for voluntary and community groups, and for volunteering.", "cvs", "CVSs and volunteer centres", "CVS"},
	{"advocacy", "Advocacy", "Independent advocates who help people to be heard in decisions about their care.", "advocacy", "Advocacy", "Advocacy"},
	{"carers-support", "Support for Carers", "Breaks, advice and groups for unpaid carers.", "carers", "Carers' centres", "Carers Centre"},
	{"mental-health", "Community Mental Health Support", "Drop-ins, peer support and befriending for people with mental ill health.", "mental-health", "Mental health charities", "Mind"},
	{"homelessness", "Homelessness Prevention", "Advice and support that keeps people in their homes.", "housing", "Housing charities", "Housing Trust"},
	{"domestic-abuse", "Domestic Abuse Services", "Refuge, outreach and independent domestic violence advisers.", "domestic-abuse", "Domestic abuse services", "Women's Aid"},
	{"youth-services", "Youth Services", "Open-access youth clubs, detached youth work and mentoring.", "youth", "Youth organisations", "Youth Trust"},
	{"older-people", "Support for Older People", "Day services, befriending and help at home after hospital.", "older-people", "Older people's charities", "Age Concern"},
	{"substance-misuse", "Drug and Alcohol Recovery", "Community recovery services and peer mentoring.", "substance-misuse", "Recovery services", "Recovery Trust"},
	{"employment-support", "Employment Support", "Help into work for people furthest from the jobs market.", "employment", "Employment charities", "Works"},
	{"food-support", "Food Support", "Food banks, community pantries and cooking skills.", "food", "Food banks", "Food Bank"},
	{"community-transport", "Community Transport", "Dial-a-ride and volunteer car schemes.", "transport", "Community transport", "Community Transport"},
	{"disability-support", "Disability Support", "Information, advice and activities for disabled people.", "disability", "Disability organisations", "Disability Forum"},
	{"refugee-support", "Refugee and Migrant Support", "Advice, English classes and befriending for new arrivals.", "refugee", "Refugee charities", "Refugee Action"},
	{"family-support", "Family Support", "Parenting programmes and early help for families.", "family", "Family charities", "Family Centre"},
	{"sport-and-activity", "Sport and Physical Activity", "Community sport and activity for people who are inactive.", "sport", "Sport and leisure trusts", "Sports Trust"},
	{"arts-and-culture", "Arts and Culture", "Community arts, heritage and cultural programmes.", "arts", "Arts organisations", "Arts"},
	{"environment", "Environment and Green Spaces", "Volunteering in parks, green spaces and climate action.", "environment", "Environmental groups", "Wildlife Trust"},
	{"community-safety", "Community Safety", "Neighbourhood schemes, victim support and street pastors.", "safety", "Community safety groups", "Victim Support"},
	{"health-inclusion", "Health Inclusion", "Outreach that helps excluded groups use health services.", "health", "Health charities", "Healthwatch"},
	{"learning-disabilities", "Learning Disability Services", "Day opportunities and supported living for people with learning disabilities.", "learning-disability", "Learning disability charities", "Mencap"},
	{"sensory-impairment", "Sensory Impairment Services", "Support for people with sight or hearing loss.", "sensory", "Sensory impairment charities", "Sight and Sound"},
	{"bereavement", "Bereavement Support", "Counselling and groups for bereaved adults and children.", "bereavement", "Bereavement services", "Cruse"},
	{"money-skills", "Financial Capability", "Budgeting skills and help to open bank accounts.", "financial", "Financial inclusion", "Money Matters"},
	{"digital-inclusion", "Digital Inclusion", "Devices, data and skills for people offline.", "digital", "Digital inclusion charities", "Online Centre"},
	{"hospital-discharge", "Home from Hospital", "Practical help at home after a stay in hospital.", "home-from-hospital", "Home from hospital schemes", "Home from Hospital"},
	{"dementia-support", "Dementia Support", "Memory cafes, advisers and carers' groups.", "dementia", "Dementia charities", "Memory Cafe"},
	{"veterans", "Support for Veterans", "Advice and peer support for former service personnel.", "veterans", "Veterans' charities", "Veterans"},
	{"social-prescribing", "Social Prescribing", "Link workers who connect patients with community activity.", "social-prescribing", "Social prescribing", "Connect"},
}

var milestoneTitles = []string{
	"Holding report to partners", "Mapping of funding arrangements", "Case study sent to the improvement partnership",
	"Chief Executives Group: commissioning options", "Framework consultation with the sector",
	"Leaders and Chief Executives Group: recommendation", "Partners' decisions on aligned budgets", "Framework adopted by partners",
	"Budget transfer agreements signed", "Market engagement events",
	"Specifications agreed", "Tender advertised", "Tender evaluation", "Contract award", "Mobilisation",
	"First quarterly monitoring", "Six-month review", "Annual report to partners", "Second-year budget transfer", "Programme evaluation",
}

var riskTitles = []string{
	"Partners withdraw from the aligned budgets", "Budget cuts reduce contract values", "Providers cannot respond to many tenders",
	"Officer hours were under-reported", "Legal challenge to a procurement", "Loss of key programme staff",
	"Transfer of staff rules delay mobilisation", "Data on arrangements is incomplete", "Decisions are delayed past November",
	"Small groups lose funding in the change", "Lead commissioner capacity", "Performance data is not comparable",
	"Contract prices rise above estimates", "Partners' procedures differ", "Communication with the sector breaks down",
}

var subjects = []string{
	"The partnership", "Each partner", "The lead commissioner", "The programme team", "Each provider", "A local charity",
	"The framework", "A shared contract", "The county council", "The commissioning team", "A smaller group", "The review",
	"The officer group", "The board of trustees", "The residents' panel", "The procurement board", "The volunteer centre", "The evaluation",
}

var verbs = []string{
	"agrees", "reviews", "publishes", "funds", "monitors", "considers", "supports", "commissions", "explains",
	"records", "reduces", "improves", "sets out", "tests", "measures", "shares", "plans", "compares",
}

var objects = []string{
	"the cost of monitoring each arrangement", "a single specification for the service", "the outcomes that matter to residents",
	"the timetable for the tender", "full cost recovery for providers", "the officer hours spent on each stage",
	"a proportionate approach to risk", "the terms of every grant", "the annual budget transfer", "the views of service users",
	"the savings from commissioning together", "the length of each contract", "the quality of advice given",
	"notice periods before funding ends", "the needs of each district", "payments in advance where needed",
	"the data published on this site", "a lead commissioner for each service",
}

var qualifiers = []string{
	"before the end of the financial year", "in line with the Compact", "where it is proportionate",
	"so that smaller groups can take part", "with the sector's help", "every quarter", "over three years",
	"across the whole county", "at the next meeting", "without extra paperwork", "as the seed paper proposed",
	"for each service area", "in plain English", "where partners agree",
}

var headingWords = []string{
	"Background", "What we found", "Costs and savings", "How it works", "Who is involved", "Timetable", "Outcomes",
	"Risks", "Monitoring", "Next steps", "Lessons learned", "Funding", "Eligibility", "How to apply", "Evidence",
	"Governance", "Equality", "Consultation", "Recommendations", "Summary of responses", "Contacts",
}

var titleWords = []string{
	"Commissioning", "Grant", "Contract", "Volunteering", "Advice", "Partnership", "Outcomes", "Monitoring", "Review",
	"Funding", "Procurement", "Framework", "Community", "Service", "Budget", "Evaluation", "Consultation", "Strategy",
}

// sections hold the documents beyond the framework, options, opportunity
// texts and single pages; none collides with a generated page's address.
var sectionNames = []string{
	"guidance", "case-studies", "news", "reports", "policies", "meetings", "consultations", "toolkits",
	"evaluations", "briefings", "training", "funding-guides", "minutes", "strategies", "reviews", "bulletins",
}
