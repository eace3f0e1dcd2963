package hubspottest

// Constant word tables for the seed (seed.go). Nothing here is written after start-up.

// seedName is a name as shown and its ASCII form for email addresses.
type seedName struct{ show, ascii string }

// seedCulture groups names, places, phone formats and personal mail domains that go together.
// In phone formats each # is a random digit.
type seedCulture struct {
	first, last []seedName
	places      [][2]string // city, country
	phone       []string
	mail        []string
}

func seedN(show, ascii string) seedName { return seedName{show, ascii} }

// seedA lists names whose ASCII form is the name itself (lower-cased by the seed).
func seedA(names ...string) []seedName {
	out := make([]seedName, len(names))
	for i, s := range names {
		out[i] = seedName{s, s}
	}
	return out
}

var seedCultures = []seedCulture{
	{ // United States, Canada
		first:  seedA("James", "Mary", "Michael", "Patricia", "Robert", "Jennifer", "David", "Linda", "Emily", "Daniel", "Ashley", "Tyler", "Madison", "Brandon", "Hannah", "Kevin"),
		last:   seedA("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson"),
		places: [][2]string{{"Boston", "United States"}, {"Chicago", "United States"}, {"Austin", "United States"}, {"Seattle", "United States"}, {"Denver", "United States"}, {"Toronto", "Canada"}, {"Vancouver", "Canada"}},
		phone:  []string{"+1 (###) ###-####", "+1 ###-###-####", "(###) ###-####"},
		mail:   []string{"gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com"},
	},
	{ // United Kingdom, Ireland
		first:  seedA("Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Olivia", "Charlie", "Sophie", "Thomas", "Grace", "Siobhán", "Niamh", "Seán", "Aoife"),
		last:   seedA("Taylor", "Davies", "Evans", "Wright", "Walker", "Roberts", "Hughes", "Edwards", "Murphy", "O'Brien", "Kelly", "Byrne", "Ní Bhriain", "McCarthy", "Clarke", "Hall"),
		places: [][2]string{{"London", "United Kingdom"}, {"Manchester", "United Kingdom"}, {"Edinburgh", "United Kingdom"}, {"Bristol", "United Kingdom"}, {"Dublin", "Ireland"}, {"Cork", "Ireland"}},
		phone:  []string{"+44 20 #### ####", "+44 161 ### ####", "07### ######", "+353 1 ### ####"},
		mail:   []string{"gmail.com", "btinternet.com", "outlook.com", "yahoo.co.uk", "eircom.net"},
	},
	{ // France, Belgium, Switzerland
		first:  seedA("Léa", "Hugo", "Chloé", "Lucas", "Camille", "Théo", "Inès", "Louis", "Zoé", "Gabriel", "Anaïs", "Jérôme", "Hélène", "François", "Maëlle", "Noël"),
		last:   seedA("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Lefèvre", "Fournier", "Girard", "Rousseau", "Müller", "Gauthier"),
		places: [][2]string{{"Paris", "France"}, {"Lyon", "France"}, {"Toulouse", "France"}, {"Nantes", "France"}, {"Bruxelles", "Belgium"}, {"Genève", "Switzerland"}},
		phone:  []string{"+33 1 ## ## ## ##", "+33 6 ## ## ## ##", "01 ## ## ## ##", "+32 2 ### ## ##", "+41 22 ### ## ##"},
		mail:   []string{"orange.fr", "free.fr", "gmail.com", "laposte.net", "bluewin.ch"},
	},
	{ // Germany, Austria, Nordics
		first:  seedA("Lukas", "Anna", "Felix", "Lena", "Jonas", "Marie", "Maximilian", "Sophie", "Björn", "Åsa", "Sören", "Jürgen", "Käthe", "Øystein", "Ingrid", "Mikael"),
		last:   seedA("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schäfer", "Koch", "Johansson", "Andersson", "Nielsen", "Hansen", "Lindqvist", "Ødegård"),
		places: [][2]string{{"Berlin", "Germany"}, {"München", "Germany"}, {"Hamburg", "Germany"}, {"Wien", "Austria"}, {"Stockholm", "Sweden"}, {"Oslo", "Norway"}, {"København", "Denmark"}},
		phone:  []string{"+49 30 #######", "+49 89 ########", "+43 1 ### ####", "+46 8 ### ### ##", "+47 ## ## ## ##", "+45 ## ## ## ##"},
		mail:   []string{"gmx.de", "web.de", "t-online.de", "gmail.com", "outlook.com"},
	},
	{ // Spain, Mexico, Argentina, Colombia
		first:  seedA("María", "José", "Lucía", "Alejandro", "Sofía", "Javier", "Valentina", "Mateo", "Camila", "Santiago", "Ximena", "Andrés", "Begoña", "Iñaki", "Ramón", "Guadalupe"),
		last:   seedA("García", "Rodríguez", "Martínez", "López", "González", "Hernández", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Gómez", "Núñez", "Muñoz", "Ibáñez", "de la Cruz"),
		places: [][2]string{{"Madrid", "Spain"}, {"Barcelona", "Spain"}, {"Sevilla", "Spain"}, {"Ciudad de México", "Mexico"}, {"Guadalajara", "Mexico"}, {"Buenos Aires", "Argentina"}, {"Bogotá", "Colombia"}},
		phone:  []string{"+34 91 ### ## ##", "+34 6## ### ###", "+52 55 #### ####", "+54 11 ####-####", "+57 1 ### ####"},
		mail:   []string{"gmail.com", "hotmail.es", "yahoo.com.mx", "outlook.es", "telefonica.net"},
	},
	{ // Brazil, Portugal
		first:  seedA("João", "Ana", "Pedro", "Beatriz", "Gustavo", "Larissa", "Thiago", "Mariana", "Luíza", "Caio", "Conceição", "Vinícius", "Inês", "Tomás", "Gonçalo", "Leonor"),
		last:   seedA("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida", "Nascimento", "Araújo", "Ferreira", "Gonçalves", "Magalhães", "Conceição", "Brandão", "Simões"),
		places: [][2]string{{"São Paulo", "Brazil"}, {"Rio de Janeiro", "Brazil"}, {"Belo Horizonte", "Brazil"}, {"Porto Alegre", "Brazil"}, {"Lisboa", "Portugal"}, {"Porto", "Portugal"}},
		phone:  []string{"+55 11 9####-####", "+55 21 9####-####", "(11) 9####-####", "+351 21 ### ####", "+351 9## ### ###"},
		mail:   []string{"gmail.com", "uol.com.br", "hotmail.com", "bol.com.br", "sapo.pt"},
	},
	{ // Poland, Czechia, Türkiye, Greece
		first: append(seedA("Zofia", "Jakub", "Łukasz", "Małgorzata", "Tomáš", "Kateřina", "Ayşe", "Mehmet", "Çağla", "Oğuz"),
			seedN("Νίκος", "nikos"), seedN("Ελένη", "eleni")),
		last: append(seedA("Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Dvořák", "Novotná", "Yılmaz", "Kaya", "Şahin", "Öztürk"),
			seedN("Παπαδόπουλος", "papadopoulos"), seedN("Γεωργίου", "georgiou")),
		places: [][2]string{{"Warszawa", "Poland"}, {"Kraków", "Poland"}, {"Praha", "Czechia"}, {"İstanbul", "Türkiye"}, {"Ankara", "Türkiye"}, {"Αθήνα", "Greece"}},
		phone:  []string{"+48 22 ### ## ##", "+48 5## ### ###", "+420 2## ### ###", "+90 212 ### ## ##", "+30 21 #### ####"},
		mail:   []string{"wp.pl", "onet.pl", "seznam.cz", "gmail.com", "yandex.com.tr"},
	},
	{ // Russia, Ukraine (Cyrillic)
		first:  []seedName{seedN("Анна", "anna"), seedN("Дмитрий", "dmitry"), seedN("Екатерина", "ekaterina"), seedN("Олександр", "oleksandr"), seedN("Ірина", "iryna"), seedN("Сергей", "sergey"), seedN("Dmitri", "dmitri"), seedN("Olga", "olga")},
		last:   []seedName{seedN("Иванова", "ivanova"), seedN("Смирнов", "smirnov"), seedN("Шевченко", "shevchenko"), seedN("Коваленко", "kovalenko"), seedN("Петров", "petrov"), seedN("Volkova", "volkova")},
		places: [][2]string{{"Москва", "Russia"}, {"Київ", "Ukraine"}, {"Львів", "Ukraine"}, {"Almaty", "Kazakhstan"}},
		phone:  []string{"+7 495 ###-##-##", "+380 44 ### ## ##", "+380 67 ### ## ##"},
		mail:   []string{"yandex.ru", "mail.ru", "ukr.net", "gmail.com"},
	},
	{ // Arabic-speaking countries, Iran, Israel
		first: []seedName{seedN("Mohammed", "mohammed"), seedN("Fatima", "fatima"), seedN("Omar", "omar"), seedN("Layla", "layla"), seedN("Youssef", "youssef"),
			seedN("نور", "nour"), seedN("خالد", "khaled"), seedN("Zahra", "zahra"), seedN("Dariush", "dariush"), seedN("Noa", "noa"), seedN("Yael", "yael"), seedN("Eitan", "eitan")},
		last: []seedName{seedN("Al-Sayed", "alsayed"), seedN("Haddad", "haddad"), seedN("Khalil", "khalil"), seedN("Mansour", "mansour"), seedN("العلي", "alali"),
			seedN("Rahimi", "rahimi"), seedN("Tehrani", "tehrani"), seedN("Cohen", "cohen"), seedN("Levi", "levi"), seedN("Mizrahi", "mizrahi")},
		places: [][2]string{{"Dubai", "United Arab Emirates"}, {"Riyadh", "Saudi Arabia"}, {"Cairo", "Egypt"}, {"Amman", "Jordan"}, {"Casablanca", "Morocco"}, {"Tel Aviv", "Israel"}},
		phone:  []string{"+971 4 ### ####", "+966 11 ### ####", "+20 2 #### ####", "+962 6 ### ####", "+212 5## ######", "+972 3-###-####"},
		mail:   []string{"gmail.com", "hotmail.com", "yahoo.com", "outlook.com"},
	},
	{ // India, Pakistan, Bangladesh, Sri Lanka
		first:  seedA("Aarav", "Priya", "Vivaan", "Ananya", "Rohan", "Diya", "Arjun", "Kavya", "Imran", "Ayesha", "Rahul", "Sneha", "Farhan", "Nadia", "Tharindu", "Lakshmi"),
		last:   seedA("Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Khan", "Chowdhury", "Rahman", "Mehta", "Banerjee", "Perera", "Fernando", "Desai"),
		places: [][2]string{{"Bengaluru", "India"}, {"Mumbai", "India"}, {"New Delhi", "India"}, {"Hyderabad", "India"}, {"Karachi", "Pakistan"}, {"Dhaka", "Bangladesh"}, {"Colombo", "Sri Lanka"}},
		phone:  []string{"+91 98### #####", "+91 80 #### ####", "+92 21 #### ####", "+880 2-#######", "+94 11 ### ####"},
		mail:   []string{"gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com"},
	},
	{ // China, Taiwan, Hong Kong
		first: []seedName{seedN("伟", "wei"), seedN("芳", "fang"), seedN("静", "jing"), seedN("磊", "lei"), seedN("Wei", "wei"), seedN("Xiaoming", "xiaoming"),
			seedN("雅婷", "yating"), seedN("志明", "zhiming"), seedN("Ka-Yan", "kayan"), seedN("Mei Ling", "meiling")},
		last: []seedName{seedN("王", "wang"), seedN("李", "li"), seedN("张", "zhang"), seedN("刘", "liu"), seedN("陈", "chen"), seedN("Zhang", "zhang"),
			seedN("林", "lin"), seedN("黄", "huang"), seedN("Wong", "wong"), seedN("Chan", "chan")},
		places: [][2]string{{"上海", "China"}, {"北京", "China"}, {"Shenzhen", "China"}, {"台北", "Taiwan"}, {"Hong Kong", "Hong Kong"}},
		phone:  []string{"+86 10 #### ####", "+86 138 #### ####", "+886 2 #### ####", "+852 #### ####"},
		mail:   []string{"qq.com", "163.com", "126.com", "gmail.com", "outlook.com"},
	},
	{ // Japan, Korea
		first: []seedName{seedN("美咲", "misaki"), seedN("翔太", "shota"), seedN("陽菜", "hina"), seedN("大翔", "hiroto"), seedN("Yuki", "yuki"), seedN("Haruto", "haruto"),
			seedN("서연", "seoyeon"), seedN("민준", "minjun"), seedN("Ji-woo", "jiwoo"), seedN("Hye-jin", "hyejin")},
		last: []seedName{seedN("佐藤", "sato"), seedN("鈴木", "suzuki"), seedN("高橋", "takahashi"), seedN("田中", "tanaka"), seedN("Watanabe", "watanabe"),
			seedN("김", "kim"), seedN("이", "lee"), seedN("박", "park"), seedN("Choi", "choi"), seedN("Jung", "jung")},
		places: [][2]string{{"東京", "Japan"}, {"Osaka", "Japan"}, {"Fukuoka", "Japan"}, {"서울", "South Korea"}, {"Busan", "South Korea"}},
		phone:  []string{"+81 3-####-####", "+81 90-####-####", "03-####-####", "+82 2-####-####", "+82 10-####-####"},
		mail:   []string{"yahoo.co.jp", "docomo.ne.jp", "gmail.com", "naver.com", "daum.net"},
	},
	{ // Southeast Asia
		first:  seedA("Nguyễn Minh", "Thảo", "Huy", "Linh", "Siti", "Budi", "Putri", "Juan", "Maricel", "Somchai", "Nattaya", "Anh"),
		last:   seedA("Nguyễn", "Trần", "Lê", "Phạm", "Santoso", "Wijaya", "Reyes", "Dela Cruz", "Bautista", "Srisuk", "Chaiyaporn", "Tan"),
		places: [][2]string{{"Hà Nội", "Vietnam"}, {"Thành phố Hồ Chí Minh", "Vietnam"}, {"Jakarta", "Indonesia"}, {"Manila", "Philippines"}, {"Bangkok", "Thailand"}, {"Singapore", "Singapore"}},
		phone:  []string{"+84 24 #### ####", "+62 21 #### ####", "+63 2 #### ####", "+66 2 ### ####", "+65 #### ####"},
		mail:   []string{"gmail.com", "yahoo.com", "outlook.com", "hotmail.com"},
	},
	{ // Africa
		first:  seedA("Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Kwame", "Ama", "Thabo", "Lerato", "Wanjiru", "Kofi", "Amara", "Tendai", "Abebe", "Fatoumata"),
		last:   seedA("Okafor", "Adeyemi", "Nwosu", "Mensah", "Boateng", "Nkosi", "Dlamini", "Kamau", "Otieno", "Mwangi", "Diallo", "Traoré", "Bekele", "Moyo"),
		places: [][2]string{{"Lagos", "Nigeria"}, {"Abuja", "Nigeria"}, {"Accra", "Ghana"}, {"Johannesburg", "South Africa"}, {"Cape Town", "South Africa"}, {"Nairobi", "Kenya"}, {"Dakar", "Senegal"}, {"Addis Ababa", "Ethiopia"}},
		phone:  []string{"+234 803 ### ####", "+233 24 ### ####", "+27 11 ### ####", "+254 7## ######", "+221 33 ### ## ##", "+251 11 ### ####"},
		mail:   []string{"gmail.com", "yahoo.com", "outlook.com", "ymail.com"},
	},
}

// seedASCIIFold maps accented Latin letters to ASCII for email addresses.
var seedASCIIFold = map[rune]string{
	'á': "a", 'à': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a", 'ą': "a", 'æ': "ae",
	'ç': "c", 'č': "c", 'ć': "c", 'ď': "d", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'ě': "e", 'ę': "e",
	'ğ': "g", 'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ı': "i", 'İ': "i", 'ł': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ó': "o", 'ò': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'ø': "o", 'ř': "r", 'š': "s", 'ś': "s", 'ş': "s", 'ß': "ss",
	'ť': "t", 'ú': "u", 'ù': "u", 'û': "u", 'ü': "u", 'ů': "u", 'ý': "y", 'ž': "z", 'ź': "z", 'ż': "z",
	'ạ': "a", 'ả': "a", 'ầ': "a", 'ễ': "e", 'ồ': "o", 'ố': "o", 'ư': "u", 'ơ': "o", 'ỹ': "y", 'ị': "i", 'đ': "d",
	'ậ': "a", 'ộ': "o", 'ọ': "o", 'ợ': "o", 'ứ': "u", 'ừ': "u", 'ữ': "u", 'ự': "u", 'ấ': "a", 'ắ': "a", 'ằ': "a",
	'ế': "e", 'ề': "e", 'ể': "e", 'ệ': "e", 'ỉ': "i", 'ớ': "o", 'ờ': "o", 'ở': "o", 'ủ': "u", 'ụ': "u",
}

// seedEmoji are sprinkled, rarely, into names and company names.
var seedEmoji = []string{"🌟", "🚀", "🌸", "☕", "🎸", "🦄", "🍀", "🔥", "👩‍💻", "🏳️‍🌈"}

var seedJobTitles = []string{
	"Account Executive", "Sales Director", "VP of Sales", "Marketing Manager", "Head of Growth",
	"Chief Executive Officer", "CTO", "Software Engineer", "Senior Software Engineer", "Product Manager",
	"Operations Manager", "Office Manager", "Procurement Lead", "Finance Director", "Controller",
	"Customer Success Manager", "Support Specialist", "Data Analyst", "HR Business Partner", "Founder",
	"Designer", "Project Manager", "Purchasing Agent", "IT Administrator", "Consultant",
	"Directrice commerciale", "Geschäftsführer", "Jefe de Compras", "営業部長", "Gerente de TI",
}

var seedFoods = []string{
	"pizza", "sushi", "tacos", "pho", "biryani", "ramen", "falafel", "paella", "pierogi", "jollof rice",
	"croissants", "dumplings", "bibimbap", "pad thai", "feijoada", "poutine", "moussaka", "chocolate",
}

var seedCompanyWords = [][]string{
	{"North", "Blue", "Silver", "Bright", "Green", "Red", "Global", "Pacific", "Atlas", "Nova", "Summit", "River",
		"Iron", "Golden", "Clear", "Maple", "Polar", "Sakura", "Alpen", "Sol", "Aurora", "Cedar", "Harbor", "Quantum"},
	{"wind", "peak", "stone", "field", "bridge", "light", "wave", "gate", "line", "works", "path", "point", "leaf",
		"forge", "spring", "bay", "star", "craft"},
	{"Logistics", "Analytics", "Foods", "Labs", "Systems", "Consulting", "Media", "Health", "Energy", "Robotics",
		"Software", "Partners", "Capital", "Textiles", "Logistik", "Solutions", "Design", "Studio", "Travel", "Bank"},
}

var seedCompanySuffixes = []string{"", "", "", "Inc.", "Ltd", "GmbH", "S.A.", "LLC", "SAS", "AB", "K.K.", "Pty Ltd", "Co."}

var seedTLDs = []string{"com", "com", "com", "io", "co", "de", "fr", "co.uk", "com.br", "es", "net", "jp"}

var seedLifecycleWeights = []struct {
	stage  string
	weight int
}{
	{"subscriber", 14}, {"lead", 30}, {"marketingqualifiedlead", 14}, {"salesqualifiedlead", 10},
	{"opportunity", 10}, {"customer", 16}, {"evangelist", 3}, {"other", 3},
}

// seedStageOrder is HubSpot's forward order of the default lifecycle stages.
var seedStageOrder = []string{"subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist"}

var seedLeadStatuses = []string{"NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING"}

var seedIndustries = []string{
	"ACCOUNTING", "AIRLINES_AVIATION", "BANKING", "BIOTECHNOLOGY", "COMPUTER_SOFTWARE", "CONSTRUCTION",
	"EDUCATION_MANAGEMENT", "FINANCIAL_SERVICES", "HOSPITAL_HEALTH_CARE", "INFORMATION_TECHNOLOGY_AND_SERVICES",
	"INSURANCE", "MARKETING_AND_ADVERTISING", "RETAIL", "TELECOMMUNICATIONS",
}

var seedDealStages = []string{"appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent", "closedwon", "closedlost"}

var seedProducts = []string{"Platform licence", "Annual renewal", "Onboarding package", "Enterprise upgrade", "Support plan",
	"Pilot", "Expansion: 50 seats", "Consulting hours", "Hardware refresh", "Multi-year agreement"}

var seedTicketSubjects = []string{
	"Cannot log in after password reset", "Invoice shows the wrong VAT number", "Export to CSV times out",
	"Feature request: dark mode", "Integration with Salesforce stopped syncing", "Refund for duplicate charge",
	"How do I add a new user?", "Data import failed at row 2,341", "Mobile app crashes on start",
	"Wrong time zone in reports", "Request to delete my data (GDPR)", "SSO configuration help",
}

var seedTicketBodies = []string{
	"Since this morning the user gets an error message and cannot continue. Screenshot attached.",
	"Could you please look into this? It affects our whole team.",
	"Steps to reproduce: open the settings page, click Save, wait. Nothing happens.",
	"We were charged twice on the 3rd. Please refund one of the payments.",
	"This worked fine last week; nothing changed on our side as far as we know.",
}

var seedTicketCategories = []string{"PRODUCT_ISSUE", "BILLING_ISSUE", "FEATURE_REQUEST", "GENERAL_INQUIRY"}

var seedNoteBodies = []string{
	"<p>Spoke with %s about next quarter's budget. <b>Follow up</b> in two weeks.</p>",
	"<p>%s asked for a demo of the reporting module.<br>Sent the deck afterwards.</p>",
	"<p>Met %s at the trade fair. Interested in the <i>enterprise</i> plan.</p>",
	"<p>%s prefers email over phone. Do not call before 10:00.</p>",
	"<ul><li>Decision maker: %s</li><li>Timeline: Q3</li><li>Competitor: in evaluation</li></ul>",
	"<p>Left a voicemail for %s. See <a href=\"https://www.example.com/pricing\">pricing page</a>.</p>",
}

var seedCallTitles = []string{"Discovery call", "Follow-up call", "Pricing discussion", "Check-in", "Onboarding call", "Renewal call", "Support callback"}

var seedCallBodies = []string{
	"<p>Discussed current tooling and pain points. Next step: technical deep-dive.</p>",
	"<p>No decision yet; %s needs sign-off from finance.</p>",
	"<p>Walked %s through the new features. Positive feedback.</p>",
	"<p>Call dropped twice; rescheduled.</p>",
}

var seedEmailSubjects = []string{"Following up on our call", "Your quote", "Re: Contract draft", "Meeting notes", "Quick question",
	"Welcome aboard!", "Re: Invoice #%d", "Introduction"}

var seedEmailTexts = []string{
	"Hi %s,\n\nThanks for your time today. As promised, here is the summary.\n\nBest regards",
	"Hello %s,\n\nPlease find the quote attached. It is valid for 30 days.\n\nKind regards",
	"Hi %s, just checking whether you had a chance to review the proposal?",
	"Dear %s,\n\nThank you for your order. Your account is now active.",
}

var seedMeetingTitles = []string{"Intro meeting", "Product demo", "Quarterly business review", "Contract negotiation", "Kick-off", "Lunch", "Workshop"}

var seedTaskSubjects = []string{"Send proposal", "Call back about pricing", "Prepare contract", "Schedule demo", "Update CRM record",
	"Send thank-you note", "Check invoice status", "Follow up on ticket"}

var seedTaskStatuses = []string{"NOT_STARTED", "IN_PROGRESS", "WAITING", "COMPLETED", "COMPLETED", "DEFERRED"}

var seedTaskPriorities = []string{"NONE", "LOW", "MEDIUM", "HIGH"}

var seedTaskTypes = []string{"TODO", "CALL", "EMAIL"}

var seedMeetingOutcomes = []string{"SCHEDULED", "COMPLETED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED"}
