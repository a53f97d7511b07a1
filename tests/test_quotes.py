"""Quotations in running prose and their speakers, in many languages (extractors/quotes.py)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.quote_lang import lang_data
from extractors.quote_marks import find
from extractors.quotes import extract_quotes
from extractors.records import Document

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seed_prose_quotes.jsonl"
SEED_LANG = {"000": "ro", "001": "it", "002": "id", "003": "el", "004": "fa"}


def doc(text: str, lang: str | None, kind: str = "text") -> Document:
    return Document(source=text, body=text, kind=kind, lang=lang)


def quotes(text: str, lang: str | None, skip=(), kind: str = "text"):
    found = extract_quotes(doc(text, lang, kind), skip)
    for q in found:                      # every record can be cut out of the body again
        if q.speaker_start >= 0:      # the name where it stands, in the nominative where names inflect
            as_written = text[q.speaker_start:q.speaker_end]
            assert q.speaker == as_written or (lang in ("ru", "uk") and len(q.speaker.split()) == len(as_written.split()))
        if q.mention is not None:
            assert q.mention == text[q.mention_start:q.mention_end]
        assert q.speaker_kind in (None, "person", "pronoun", "role", "organisation", "unnamed")
        assert 0.0 < q.confidence <= 1.0 and q.lang == lang and q.cue
        if "\n" not in q.text:
            assert q.text == text[q.start:q.end]
    assert [q.seq for q in found] == list(range(1, len(found) + 1))
    return found


def pairs(found):
    return [(q.text, q.speaker) for q in found]


# (language, text, [(start of the quotation, speaker as written)])
ATTRIBUTED = [
    # speaker after the quotation, titles and roles stripped
    ("en", "“We will not back down,” said Commissioner Jane Roberts.", [("We will not back down", "Jane Roberts")]),
    ("en", "“It was a long night for all of us.” -Commissioner Bob Roberts", [("It was a long night", "Bob Roberts")]),
    ("en", "“It was a long night for all of us.” -Commissioner Gordon", [("It was a long night", "Gordon")]),
    ("en", "“We will fix the roads first,” said Mayor Adams.", [("We will fix", "Adams")]),
    ("en", "“Don't worry about O'Neil's plan,” Mr. Jones told reporters.", [("Don't worry", "Jones")]),
    ("en", "“Our platform grew 3.5 times this year,” said Formation.ai CEO Christian Hansen.",
     [("Our platform grew 3.5 times", "Christian Hansen")]),
    ("es", "«No vamos a rendirnos», dijo la ministra Carmen Ruiz.", [("No vamos", "Carmen Ruiz")]),
    ("pt", "“A pesquisa mostra um avanço claro”, disse a pesquisadora Ana Tavares.", [("A pesquisa", "Ana Tavares")]),
    ("pt", "“É preciso investir mais em pessoas”, disse Maria Albuquerque.", [("É preciso", "Maria Albuquerque")]),
    ("fr", "« Nous allons gagner ce combat », a déclaré Marie Dupont.", [("Nous allons gagner", "Marie Dupont")]),
    ("de", "„Das ist ein guter Tag für alle“, sagte Angela Müller.", [("Das ist ein guter", "Angela Müller")]),
    ("de", "»Wir sind sehr zufrieden«, so Hans Becker.", [("Wir sind sehr", "Hans Becker")]),
    ("it", "«Siamo pronti a ripartire», ha detto Giulia Rossi.", [("Siamo pronti", "Giulia Rossi")]),
    ("ru", "«Клиенты всегда правы», — советовала Трейси Уоллес.", [("Клиенты всегда", "Трейси Уоллес")]),
    ("ar", "«الوضع صعب جدا هذا العام»، قالت سارة علي.", [("الوضع صعب", "سارة علي")]),
    ("ro", "„Clienții vor mai multă transparență”, a spus Ioana Popescu.", [("Clienții vor", "Ioana Popescu")]),
    ("el", "«Η εμπειρία του πελάτη είναι το παν», δήλωσε ο Γιάννης Παπαδόπουλος.",
     [("Η εμπειρία", "Γιάννης Παπαδόπουλος")]),
    ("nl", "„We gaan door met de verbouwing”, aldus Jan de Vries.", [("We gaan door", "Jan de Vries")]),
    ("pl", "„Klienci oczekują przejrzystości”, powiedziała Anna Kowalska.", [("Klienci oczekują", "Anna Kowalska")]),
    # speaker after, subject before the quotation (SOV)
    ("tr", "Ahmet Yılmaz, “Bu iş çok zor ama başaracağız” dedi.", [("Bu iş çok zor", "Ahmet Yılmaz")]),
    # speaker before
    ("en", "Maria Lopez, a researcher at the institute, said: “The data are clear.”", [("The data are", "Maria Lopez")]),
    ("de", "Der Sprecher des Unternehmens, Peter Schmidt, erklärte: „Wir prüfen das sorgfältig.“",
     [("Wir prüfen", "Peter Schmidt")]),
    ("tr", "Genel Müdür Ayşe Demir şunları söyledi: “Hedefimize bu yıl ulaştık.”", [("Hedefimize", "Ayşe Demir")]),
    ("fa", "علی رضایی، مدیر عامل شرکت، گفت: «ما به رشد خود ادامه می دهیم.»", [("ما به رشد", "علی رضایی")]),
    # Persian verbs match however the prefix is joined: with a space, a zero-width non-joiner, or nothing
    ("fa", "علی رضایی، مدیر عامل شرکت، میگوید: «ما آماده ایم و به رشد ادامه می دهیم.»", [("ما آماده", "علی رضایی")]),
    ("fa", "علی رضایی، مدیر عامل شرکت، می‌گوید: «ما آماده ایم و به رشد ادامه می دهیم.»", [("ما آماده", "علی رضایی")]),
    ("ar", "وقال أحمد محمد، المدير التنفيذي للشركة: «نحن ملتزمون بخدمة العملاء».", [("نحن ملتزمون", "أحمد محمد")]),
    ("zh", "王明表示：“我们会继续努力，服务好每一位客户。”", [("我们会继续", "王明")]),
    ("en", "Bill Matthias, CFO of the company, explains how the score helps: «Everything adds up to one number.»",
     [("Everything adds up", "Bill Matthias")]),
    # "according to"
    ("en", "According to Sarah Connor, “the lab needs more money and more people.”", [("the lab needs", "Sarah Connor")]),
    ("fr", "Selon Pierre Martin, « le marché va se redresser l'an prochain ».", [("le marché va", "Pierre Martin")]),
    ("it", "Secondo Marco Bianchi, «il mercato crescerà ancora».", [("il mercato crescerà", "Marco Bianchi")]),
    ("fa", "به گفته علی رضایی، «بازار در سال آینده رشد خواهد کرد».", [("بازار در سال", "علی رضایی")]),
    # speaker named in the previous sentence
    ("en", "Sarah Connor explained why the plan failed. “We never had the budget we needed for this.”",
     [("We never had", "Sarah Connor")]),
    # pronouns, roles and dropped subjects point back to the last named person
    ("en", "John Smith explained the plan to investors on Monday.\n“Customers remember how you made them feel,” he added.",
     [("Customers remember", "John Smith")]),
    ("en", "Sarah Connor runs the lab in Boston.\n\nIt was founded in 1999 by two friends.\n\n"
           "“We test everything twice before we ship,” she said.", [("We test everything", "Sarah Connor")]),
    ("en", "Sarah Connor leads the lab. “We need help now, not next year,” the researcher added.",
     [("We need help now", "Sarah Connor")]),
    ("en", "Jane Doe joined British Airways in 2010.\n“We started small and grew slowly,” she said.",
     [("We started small", "Jane Doe")]),
    ("en", "John Smith chairs the board.\n\n“We will vote on Friday, as planned,” the chairman said.",
     [("We will vote", "John Smith")]),
    ("pt", "Rui Tavares apresentou os dados ontem.\n“Não há tempo a perder”, segundo ele.", [("Não há tempo", "Rui Tavares")]),
    ("es", "Carmen Ruiz, directora del centro, afirmó: «La situación es grave».\n«Hay que actuar ya mismo», añadió.",
     [("La situación", "Carmen Ruiz"), ("Hay que actuar", "Carmen Ruiz")]),
    ("fr", "« Nous allons gagner ce combat », a déclaré Marie Dupont.\n« C'est un tournant », explique-t-elle.",
     [("Nous allons", "Marie Dupont"), ("C'est un tournant", "Marie Dupont")]),
    ("ru", "Иван Петров заявил: «Мы готовы к переговорам».\n«Это только начало пути», — добавил он.",
     [("Мы готовы", "Иван Петров"), ("Это только начало", "Иван Петров")]),
    ("ar", "وقال أحمد محمد، المدير التنفيذي للشركة: «نحن ملتزمون بخدمة العملاء».\nوأضاف: «سنواصل العمل بلا توقف».",
     [("نحن ملتزمون", "أحمد محمد"), ("سنواصل العمل", "أحمد محمد")]),
    ("id", "\"Pelanggan adalah raja bagi kami,\" kata Budi Santoso.\n\"Kami akan terus berinovasi,\" ujarnya.",
     [("Pelanggan adalah raja", "Budi Santoso"), ("Kami akan terus", "Budi Santoso")]),
    # a quotation on its own line, then a dash line with a name and no handle
    ("en", "Some wisdom for the road:\n\n“Service is a state of mind that lives in every employee.”\n— Kate Zabriskie\n\n"
           "More text follows here.", [("Service is a state", "Kate Zabriskie")]),
    ("en", "Customer service is not a department, it is everyone's job.\n— Kate Zabriskie",
     [("Customer service is not", "Kate Zabriskie")]),
    # nested quotation of another mark
    ("en", "“He told me ‘never again’ and walked out,” said Tom Baker.", [("He told me ‘never again’", "Tom Baker")]),
    # odd number of marks: the quotation ends with its paragraph
    ("en", "Tom Baker said: “We are done here. Then he left the room.\nNext paragraph here without marks.",
     [("We are done here. Then he left the room.", "Tom Baker")]),
]

LEFT_OUT = [
    ("en", "“Nonsense,” I said, and left the room."),                                 # first person
    ("it", "\"Hogwash\", dissi, e mi misi a discuterne."),
    ("en", "The so-called “experts” were wrong about the “new normal” again."),       # scare quotes
    ("ro", "La sfârșitul zilei, clienții trebuie să simtă că primesc adevăratul „tu” în fiecare zi."),
    ("it", "Sia quelli che cercano \"il bene superiore\" sia quelli che cercano \"il loro bene migliore\"."),
    ("fr", "L'entreprise d'Olivier n'a pas « réussi » cette année."),
    ("en", "In her book “The Long Road Home”, Jane Austen writes about loss."),         # a title
    ("id", "Pertanyaan pertama mereka bukanlah \"Apa yang Anda cari,\" melainkan, \"Apa yang Anda suka?\""),
    ("fa", "پیشنهاد می شود که شخصی سازی را از طریق «شناخت مشتریان، هوشیار ماندن نسبت به نیازها»، به دست آورد."),
    ("ru", "— Мы победим, — сказал он и ушёл."),                                        # dialogue dash, no name
    ("id", "Budi Santoso menulis buku.\nKata \"transparansi adalah kunci bagi semua merek\" sering diulang."),
]


# News-style paragraphs mixing attributed quotations with scare quotes, titles, unnamed sources and
# several people: every quotation found, with its speaker, and nothing else.
ARTICLES = [
    ("en", """City Hall Approves New Transit Plan
The city council voted 7-2 on Tuesday to approve the “Move Forward” transit plan, a $2 billion project that critics call a “boondoggle”.
Mayor Linda Chavez, who championed the plan for three years, called it a turning point. “This is the most important investment our city has made in a generation,” Chavez said after the vote.
Not everyone agreed. Councilman Rick Alvarez voted against it. “We are mortgaging our children's future for a train nobody asked for,” he said. “The numbers simply don't add up.”
Residents had mixed feelings. “I just want a bus that comes on time,” said one commuter, who declined to give her name.
According to a report by the Urban Institute, ridership could “double within a decade.”
The plan's supporters, including the group Riders United, say it will cut traffic. Their slogan, “Ride the Future”, appeared on signs outside.
In an email, transit director Paul Okafor wrote: “Construction will begin next spring, pending federal approval.”
“We'll see,” I told my editor.
Okafor later added that the agency would hold public meetings. “Every voice matters in this process, and we will listen,” he said.
""", [("This is the most", "Linda Chavez"), ("We are mortgaging", "Rick Alvarez"), ("The numbers simply", "Rick Alvarez"),
      ("Construction will", "Paul Okafor"), ("Every voice", "Paul Okafor")]),
    ("en", """Personalization is a topic in itself, but it is suggested that brands achieve it through “knowing customers, staying alert to their needs and preferences”.
Christian Hansen, CEO of enterprise software company Formation.ai, describes how airlines adjusted their communications during the pandemic. He told us in November 2020: “According to our research, people flying United are only travelling for essential purposes.”
Time and effort refers to the level of “convenience and efficiency created by companies for potential customers”.
Slack is a brand that consistently uses NPS. Bill Matthias, the company's CFO, speaking to us, explains how the metric helps quantify customer experiences. “If you really believe that the brand is the sum of all these little interactions, then marketing, sales, support all affect it.”
It was a lively discussion on Twitter. “Transparency is key across all industries,” tweeted one participant.
As Maya Angelou famously put it, “people will never forget how you made them feel.”
“Your most unhappy customers are your greatest source of learning.” – Bill Gates
“The goal as a company is to have customer service that is not just the best, but legendary.”
— Sam Walton, founder of Walmart
Companies that “get it” win. The “customer-first” mantra, as Jeff Bezos calls it, is everywhere.
""", [("According to our research", "Christian Hansen"), ("If you really believe", "Bill Matthias"),
      ("people will never forget", "Maya Angelou"), ("Your most unhappy", "Bill Gates"), ("The goal as a company", "Sam Walton"), ("customer-first", "Jeff Bezos")]),
    ("en", """The airline said in a statement: “We apologise for the inconvenience caused to our passengers.”
Its chief executive declined to comment. “We are reviewing all options,” the spokesman said.
Asked about the delays, she said: “It was a difficult week for everyone.”
""", []),
    ("es", """El Gobierno presentó ayer su plan de vivienda. «Es una respuesta histórica a un problema histórico», afirmó la ministra de Vivienda, Isabel Rodríguez, durante la rueda de prensa.
La oposición lo calificó de «parche». Según el portavoz del PP, Borja Sémper, «el plan llega tarde y mal».
«No hay dinero para todo», reconoció un alto cargo del ministerio que pidió el anonimato.
Los expertos son cautos. «Habrá que ver cómo se aplica en las comunidades autónomas», explicó Carlos Martínez, economista de la Universidad de Valencia.
La empresa anunció resultados récord. «Ha sido un año excepcional», señaló en un comunicado.
""", [("Es una respuesta", "Isabel Rodríguez"), ("el plan llega", "Borja Sémper"), ("Habrá que ver", "Carlos Martínez")]),
    ("pt", """O ministro da Economia, Fernando Haddad, defendeu nesta segunda-feira o novo arcabouço fiscal. “É uma regra crível e sustentável”, disse Haddad a jornalistas em Brasília.
Segundo ele, “o mercado vai entender a mensagem”.
Economistas ouvidos pela reportagem se dividem. Para a professora Laura Carvalho, da USP, o plano é “tímido”.
“A meta de superávit é muito ambiciosa”, avalia o economista-chefe do banco, Mário Mesquita.
""", [("É uma regra", "Fernando Haddad"), ("o mercado vai", "Fernando Haddad"), ("tímido", "Laura Carvalho"),
      ("A meta de superávit", "Mário Mesquita")]),
    ("de", """Die Bundesregierung hat am Mittwoch das neue Klimapaket beschlossen. „Das ist ein wichtiger Schritt“, sagte Bundeskanzler Olaf Scholz in Berlin.
Kritik kam von den Umweltverbänden. „Viel zu wenig, viel zu spät“, erklärte Greenpeace-Sprecherin Anna Schmidt.
Der Begriff „Klimaneutralität“ taucht im Text 14 Mal auf.
Wirtschaftsminister Robert Habeck betonte: „Wir werden die Industrie nicht allein lassen.“ Er fügte hinzu: „Die Kosten werden fair verteilt.“
Die Kundin war empört. „So etwas habe ich noch nie erlebt“, sagte sie.
""", [("Das ist ein", "Olaf Scholz"), ("Viel zu wenig", "Anna Schmidt"), ("Wir werden", "Robert Habeck"),
      ("Die Kosten", "Robert Habeck")]),
    ("fr", """Le président Emmanuel Macron a défendu sa réforme. « Nous ne reculerons pas », a-t-il déclaré lundi soir.
Pour la CGT, il s'agit d'un « passage en force ». « C'est un mépris total des travailleurs », a réagi Sophie Binet, secrétaire générale du syndicat.
Selon un sondage Ifop, 70 % des Français rejettent le texte.
« Le gouvernement doit écouter la rue », estime le politologue Jérôme Fourquet.
« C'est inacceptable », a lancé un délégué CGT.
""", [("Nous ne reculerons", "Emmanuel Macron"), ("C'est un mépris", "Sophie Binet"), ("Le gouvernement", "Jérôme Fourquet")]),
    ("ru", """Министр финансов Антон Силуанов заявил, что бюджет будет сбалансирован. «Мы не планируем повышать налоги», — сказал он журналистам.
Эксперты называют этот план «амбициозным». «Рост доходов возможен только при высоких ценах на нефть», — считает экономист Наталья Орлова.
По словам Орловой, «ситуация остаётся напряжённой».
""", [("Мы не планируем", "Антон Силуанов"), ("Рост доходов", "Наталья Орлова"), ("ситуация", "Наталья Орлова")]),
    ("it", """Il ministro dell'Economia Giancarlo Giorgetti ha presentato la manovra. «È una legge di bilancio prudente», ha detto Giorgetti in conferenza stampa.
Le opposizioni parlano di «manovra lacrime e sangue». «Non c'è nulla per i giovani», ha attaccato la segretaria del Pd, Elly Schlein.
L'espressione "il bene superiore" ricorre spesso. «È una svolta», commentano i sindacati.
""", [("È una legge", "Giancarlo Giorgetti"), ("Non c'è nulla", "Elly Schlein")]),
    ("ar", """أعلنت الحكومة عن خطة جديدة لدعم الاقتصاد. وقال وزير المالية محمد معيط، في مؤتمر صحفي: «نستهدف خفض العجز إلى أربعة في المئة».
وأضاف: «لن نرفع الأسعار على المواطنين».
من جهته، وصف الخبير الاقتصادي أحمد ذكر الله الخطة بأنها «طموحة». وقال مصدر حكومي: «التنفيذ سيبدأ الشهر المقبل».
قال الرئيس التنفيذي للشركة، خالد الفالح، إن «النتائج فاقت التوقعات».
وأكد الفالح: «سنواصل الاستثمار في التكنولوجيا».
وقالت الشركة في بيان: «نحن ملتزمون بالشفافية».
""", [("نستهدف", "محمد معيط"), ("لن نرفع", "محمد معيط"), ("النتائج", "خالد الفالح"), ("سنواصل", "خالد الفالح")]),
    ("tr", """Merkez Bankası Başkanı Fatih Karahan, faiz kararını açıkladı. Karahan, “Enflasyonla mücadelede kararlıyız” dedi.
Ekonomistler ise kararı “beklenen” olarak değerlendirdi.
“Piyasalar bu adımı olumlu karşılayacak,” diye konuştu ekonomist Hakan Kara.
""", [("Enflasyonla", "Fatih Karahan"), ("Piyasalar", "Hakan Kara")]),
    ("fa", """وزیر اقتصاد در نشست خبری از برنامه جدید دولت خبر داد. علی مدنی زاده، وزیر اقتصاد، گفت: «ما تورم را کاهش خواهیم داد.»
او افزود: «بودجه سال آینده بر پایه واقعیت ها بسته می شود.»
برخی کارشناسان این برنامه را «بلندپروازانه» خواندند.
سخنگوی دولت در نشست هفتگی گفت: «دولت برنامه ای برای افزایش قیمت ها ندارد.»
یک کارشناس اقتصادی گفت: «این سیاست ها کارساز نیست.»
در کتاب «اقتصاد برای همه» نوشته شده است که بازار آزاد بهترین راه است.
""", [("ما تورم", "علی مدنی زاده"), ("بودجه سال", "علی مدنی زاده")]),
    ("ro", """Ministrul Finanțelor, Marcel Boloș, a declarat că „nu vor exista noi taxe anul acesta”.
„Este o minciună”, a replicat liderul opoziției.
Potrivit lui Boloș, „bugetul este echilibrat”.
""", [("nu vor exista", "Marcel Boloș"), ("bugetul", "Marcel Boloș")]),
    ("pl", """Prezes banku Adam Glapiński powiedział: „Inflacja będzie spadać”.
„To nieprawda” – odpowiedział mu poseł opozycji.
""", [("Inflacja", "Adam Glapiński")]),
    ("id", """Menteri Keuangan Sri Mulyani mengatakan, "Ekonomi Indonesia tetap tumbuh kuat tahun ini."
Menurut dia, "Inflasi masih terkendali dengan baik."
"Kami optimistis," kata seorang pejabat.
""", [("Ekonomi Indonesia", "Sri Mulyani"), ("Inflasi masih", "Sri Mulyani")]),
    ("el", """«Η οικονομία ανακάμπτει», δήλωσε ο πρωθυπουργός Κυριάκος Μητσοτάκης.
Σύμφωνα με τον υπουργό Οικονομικών, «τα δημόσια οικονομικά είναι υγιή».
""", [("Η οικονομία", "Κυριάκος Μητσοτάκης")]),
    # More news in the languages above: speaker before, after, by pronoun, role or surname; organisations,
    # unnamed sources, titles of works, slogans and scare quotes around them.
    ("es", """El Ayuntamiento de Sevilla aprobó el jueves la nueva ordenanza de terrazas. «Queremos una ciudad para vivir, no solo para visitar», declaró el alcalde, José Luis Sanz, tras el pleno.
La patronal hostelera habló de una medida «injusta». Su presidente, Antonio Luque, fue más duro: «Esta norma pone en riesgo miles de empleos en la ciudad».
La película «Mar adentro» se proyectará en la plaza de San Francisco.
«Nadie nos ha consultado nada sobre este cambio», se quejó una vecina del barrio de Triana.
Según la concejala de Urbanismo, Marta Gómez, «las licencias se revisarán caso por caso a partir de enero».
""", [("Queremos una ciudad", "José Luis Sanz"), ("Esta norma pone", "Antonio Luque"), ("las licencias se", "Marta Gómez")]),
    ("es", """La selección española ganó anoche 3-0 a Italia. «Hemos jugado como un equipo de verdad», dijo el seleccionador, Luis de la Fuente, en la sala de prensa.
El capitán, Álvaro Morata, habló de una noche «mágica».
La canción «Potra salvaje» sonó en el vestuario tras el partido.
«Ha sido un partido durísimo», admitió el técnico italiano, Luciano Spalletti.
""", [("Hemos jugado", "Luis de la Fuente"), ("mágica", "Álvaro Morata"), ("Ha sido un partido", "Luciano Spalletti")]),
    ("es", """El Real Madrid ganó la Liga. «Somos campeones otra vez», coreaban los aficionados en Cibeles.
El club publicó un comunicado: «Gracias a todos por este año inolvidable lleno de alegrías».
Según el diario Marca, «el equipo ya piensa en la Champions».
Carlo Ancelotti, entrenador del equipo, resumió la temporada en una palabra: «Increíble».
La novela «Cien años de soledad» fue el regalo del presidente a la plantilla.
«Este título es para la afición, que nunca dejó de creer en nosotros», dijo Ancelotti.
""", [("Increíble", "Carlo Ancelotti"), ("Este título es", "Carlo Ancelotti")]),
    ("de", """Der Vorstandschef der Deutschen Bahn, Richard Lutz, hat am Montag die Pünktlichkeitszahlen vorgestellt. „Wir sind noch lange nicht da, wo wir hinwollen“, räumte Lutz ein.
Die Gewerkschaft GDL sprach von einem „Desaster mit Ansage“. „Die Beschäftigten bezahlen für die Fehler des Managements“, sagte GDL-Chef Claus Weselsky der Nachrichtenagentur dpa.
Das Buch „Die Bahn im Wandel“ erschien bereits 2019.
Ein Sprecher des Verkehrsministeriums erklärte: „Wir prüfen alle Vorschläge sorgfältig.“
Lutz kündigte zudem neue Investitionen an. „Bis 2030 modernisieren wir das gesamte Kernnetz“, sagte er.
""", [("Wir sind noch lange", "Richard Lutz"), ("Die Beschäftigten bezahlen", "Claus Weselsky"), ("Bis 2030", "Richard Lutz")]),
    ("de", """Die Inflation in Deutschland ist im März auf 2,2 Prozent gesunken. „Das ist eine gute Nachricht für die Verbraucher“, sagte Bundesbank-Präsident Joachim Nagel am Freitag in Frankfurt.
Ökonomen warnen jedoch vor zu viel Optimismus. Marcel Fratzscher, Präsident des DIW, erklärte: „Die Kerninflation bleibt hartnäckig hoch.“
Die Zeitung „Handelsblatt“ titelte am Morgen: „Endlich Entspannung“.
Die Verbraucherzentrale forderte Entlastungen. „Viele Haushalte sind am Limit“, hieß es in einer Mitteilung.
Der Konzern Siemens meldete einen Rekordgewinn. „Wir sind auf Kurs“, teilte das Unternehmen mit.
Der Betriebsrat sagte: „Die Beschäftigten müssen am Erfolg beteiligt werden.“
""", [("Das ist eine gute", "Joachim Nagel"), ("Die Kerninflation", "Marcel Fratzscher")]),
    ("fr", """La ministre de la Culture, Rachida Dati, a dévoilé mardi un programme en faveur des bibliothèques. « Nous voulons que chaque commune ait accès à la lecture », a-t-elle affirmé devant les élus.
Le syndicat des bibliothécaires dénonce un « effet d'annonce ». Son porte-parole, Julien Moreau, estime que « les moyens ne suivent pas depuis dix ans ».
Le roman « L'Étranger » reste le livre le plus emprunté du pays.
« C'est une bonne nouvelle pour les petites villes », a salué le maire de Guéret, Marie-Françoise Fournier.
« Personne n'y croit vraiment », confie un agent municipal.
Selon Marie Dubois, professeure à Lyon, « les élèves ont surtout besoin de stabilité ».
""", [("Nous voulons que", "Rachida Dati"), ("les moyens ne suivent", "Julien Moreau"),
      ("C'est une bonne nouvelle", "Marie-Françoise Fournier"), ("les élèves ont", "Marie Dubois")]),
    ("fr", """La SNCF a annoncé une grève pour le week-end. « Nous regrettons la gêne occasionnée », a indiqué l'entreprise.
Les usagers parlent d'un « cauchemar ».
« Ce n'est plus possible de travailler dans ces conditions », a déclaré un cheminot à l'AFP.
Le ministre des Transports, Clément Beaune, a répondu : « Le dialogue reste ouvert avec tous les syndicats. »
""", [("Le dialogue reste", "Clément Beaune")]),
    ("tr", """İstanbul Büyükşehir Belediye Başkanı Ekrem İmamoğlu, yeni metro hattının açılışında konuştu. İmamoğlu, “Bu hat günde yarım milyon yolcuya hizmet verecek” dedi.
Muhalefet ise projeyi “seçim yatırımı” olarak nitelendirdi.
Ulaştırma uzmanı Prof. Dr. Mustafa Ilıcalı, “Hattın kapasitesi şehrin ihtiyacını karşılamaktan uzak,” diye konuştu.
Törene katılan bir vatandaş, “Yıllardır bu metroyu bekliyorduk,” dedi.
“Sefiller” romanı da kütüphanede en çok okunan kitap oldu.
TÜSİAD Başkanı Orhan Turan ise “Reformların hızlanması gerekiyor” dedi.
Kulüp yaptığı açıklamada “Bu başarı tüm taraftarlarımızındır” ifadelerini kullandı.
""", [("Bu hat günde", "Ekrem İmamoğlu"), ("Hattın kapasitesi", "Mustafa Ilıcalı"), ("Reformların", "Orhan Turan")]),
    ("ru", """Мэр Москвы Сергей Собянин открыл в субботу новую станцию метро. «Это важный день для жителей всего района», — сказал Собянин на церемонии.
Жители называют стройку «вечной». «Мы ждали эту станцию двенадцать лет», — рассказала местная жительница Ольга Смирнова.
Фильм «Ирония судьбы» снова покажут по телевизору.
В пресс-службе метрополитена заявили: «Поезда будут ходить каждые две минуты».
По словам главного инженера проекта Андрея Волкова, «тоннель построен по самым современным стандартам».
Главный экономист Альфа-банка Наталия Орлова считает, что «снижение ставки возможно не раньше лета».
«Мы выполняем все обязательства перед партнёрами», — говорится в сообщении компании.
""", [("Это важный день", "Сергей Собянин"), ("Мы ждали эту", "Ольга Смирнова"), ("тоннель построен", "Андрей Волков"),
      ("снижение ставки", "Наталия Орлова")]),
    ("ar", """افتتح وزير الصحة خالد عبد الغفار مستشفى جديدا في أسوان. وقال عبد الغفار للصحفيين: «هذا المستشفى سيخدم أكثر من مليون مواطن في الجنوب».
ووصفت نقابة الأطباء الخطوة بأنها «متأخرة».
وقالت الطبيبة منى حسن، مديرة قسم الطوارئ: «نحتاج إلى مزيد من الأطباء والممرضين في أسرع وقت».
وقال مصدر في الوزارة إن «التشغيل الكامل سيكون في الصيف».
وأضافت حسن: «المرضى يستحقون رعاية أفضل من ذلك بكثير».
""", [("هذا المستشفى", "عبد الغفار"), ("نحتاج إلى", "منى حسن"), ("المرضى يستحقون", "منى حسن")]),
    ("ar", """أعلن البنك المركزي المصري تثبيت أسعار الفائدة. وقال محافظ البنك حسن عبد الله: «نراقب التضخم عن كثب وسنتحرك عند الحاجة».
ووصف محللون القرار بأنه «متوقع».
وقالت الخبيرة الاقتصادية سلمى عادل إن «السوق كان ينتظر هذه الإشارة منذ أسابيع».
وقال بيان للبنك: «الاستقرار النقدي أولوية».
""", [("نراقب التضخم", "حسن عبد الله"), ("السوق كان", "سلمى عادل")]),
    ("pt", """A prefeitura do Rio anunciou nesta terça-feira um novo plano contra enchentes. “Não vamos mais aceitar que a chuva pare a cidade”, afirmou o prefeito Eduardo Paes em entrevista coletiva.
Moradores da Zona Norte chamaram o plano de “promessa antiga”.
“O dinheiro nunca chega aos bairros mais pobres”, disse uma moradora de Acari que não quis se identificar.
O livro “Cidade Partida” voltou a ser citado na Câmara.
A secretária de Obras, Jéssica Lima, garantiu: “As primeiras intervenções começam em março.”
""", [("Não vamos mais", "Eduardo Paes"), ("As primeiras intervenções", "Jéssica Lima")]),
    ("pt", """O técnico Dorival Júnior convocou a seleção nesta sexta-feira. “Quero um time competitivo e com fome de vitória”, disse o treinador.
Dorival também comentou a ausência de Neymar: “Ele é importante, mas precisa se recuperar com calma.”
A torcida chamou a lista de “surpreendente”.
O Banco Central manteve a taxa Selic. “A decisão foi unânime”, informou o Copom em nota.
O presidente da CBF, Ednaldo Rodrigues, afirmou que “o projeto é de longo prazo”.
""", [("Quero um time", "Dorival Júnior"), ("Ele é importante", "Dorival Júnior"), ("o projeto é de", "Ednaldo Rodrigues")]),
    ("en", """The Federal Reserve left interest rates unchanged on Wednesday. “We are prepared to adjust the stance of monetary policy as appropriate,” Fed Chair Jerome Powell told reporters after the meeting.
Markets had priced in a “soft landing”. Analysts at Goldman Sachs said in a note that cuts were “unlikely before June”.
“The labor market remains remarkably resilient,” said Diane Swonk, chief economist at KPMG. She added: “Inflation is the bigger worry for most households right now.”
The bestselling book “Lords of Finance” was mentioned twice during the press conference.
“Nobody in this building wants a recession,” one Fed official said on condition of anonymity.
Senator Elizabeth Warren, a frequent critic, posted on social media: “Families cannot afford these rates for another year.”
""", [("We are prepared", "Jerome Powell"), ("The labor market", "Diane Swonk"), ("Inflation is the bigger", "Diane Swonk"),
      ("Families cannot afford", "Elizabeth Warren")]),
    ("en", """Apple unveiled its new headset on Monday. “This is the beginning of a new era,” the company said in a press release.
Critics were unimpressed. The Verge called the device “a solution looking for a problem”.
New York has a new slogan: “The city that never stops moving forward together.”
According to the report, “sales fell sharply in every region except Asia last quarter”.
Tim Cook appeared on stage. The crowd chanted “Tim! Tim!” as he walked out.
“It was the best keynote I have ever seen,” said Mark Gurman, a Bloomberg reporter.
""", [("It was the best keynote", "Mark Gurman")]),
    ("it", """La Juventus ha vinto la Coppa Italia. «È una vittoria del gruppo», ha detto l'allenatore Massimiliano Allegri.
I tifosi hanno cantato «Fino alla fine» per tutta la notte.
Secondo la Gazzetta dello Sport, «il club prepara una rivoluzione».
""", [("È una vittoria", "Massimiliano Allegri")]),
]


@pytest.mark.parametrize("lang,text,want", ARTICLES, ids=[f"{c[0]}-{i}" for i, c in enumerate(ARTICLES)])
def test_articles(lang, text, want):
    """The quotations whose source the article names as a person, each with that person's fullest name
    (quotations from organisations and unnamed sources are checked in test_quote_classes.py)."""
    got = pairs(q for q in quotes(text, lang) if q.speaker_start >= 0)
    assert [(t[:len(start)], speaker) for (t, speaker), (start, _) in zip(got, want)] == want, got
    assert len(got) == len(want), got


# Seed 004's two quotations as the story would read in other languages: a pronoun (or a dropped subject)
# pointing back across a sentence, and a quotation after the sentence naming its speaker.
SEED_STORY = [
("es", """Christian Hansen, director ejecutivo de la empresa de software Formation.ai, describe cómo las aerolíneas ajustaron sus comunicaciones durante la pandemia. Nos dijo en noviembre de 2020: «Según nuestra investigación, las personas que vuelan con United y tienen un riesgo más alto solo viajan por motivos esenciales.
Por el contrario, quienes viajan por ocio tienen menos riesgo y responden mejor a las medidas de precaución."
Slack es una marca que utiliza el NPS de forma constante. Bill Matthias, director financiero de la empresa, explica en conversación con nosotros cómo esta métrica ayuda a cuantificar la experiencia del cliente. «Si realmente crees que la marca es la suma de todas estas pequeñas interacciones, entonces marketing, ventas y soporte influyen en ella».
"""),
("de", """Christian Hansen, CEO des Softwareunternehmens Formation.ai, beschreibt, wie Fluggesellschaften ihre Kommunikation anpassten. Er sagte uns im November 2020: „Laut unserer Untersuchung reisen Menschen mit höherem Risiko nur aus wichtigen Gründen.
Wer dagegen aus Freizeitgründen fliegt, hat ein geringeres Risiko."
Bill Matthias, CFO des Unternehmens, erklärt im Gespräch mit uns, wie die Kennzahl hilft. „Wenn Sie wirklich glauben, dass die Marke die Summe all dieser kleinen Interaktionen ist, dann beeinflussen Marketing und Vertrieb das Ergebnis.“
"""),
("ar", """يصف كريستيان هانسن، الرئيس التنفيذي لشركة البرمجيات Formation.ai، كيف عدلت شركات الطيران اتصالاتها خلال الجائحة. وقال لنا في نوفمبر 2020: «وفقاً لأبحاثنا، فإن الأشخاص الأكثر عرضة للخطر يسافرون فقط لأغراض ضرورية».
يشرح بيل ماتياس، المدير المالي للشركة، في حديثه معنا، كيف يساعد هذا المؤشر في قياس تجربة العملاء. «إذا كنت تعتقد حقاً أن العلامة التجارية هي مجموع كل هذه التفاعلات الصغيرة، فإن التسويق والمبيعات والدعم كلها تؤثر فيها».
"""),
("tr", """Kurumsal yazılım şirketi Formation.ai'nin CEO'su Christian Hansen, havayollarının pandemi sırasında iletişimlerini nasıl ayarladığını anlatıyor. Kasım 2020'de bize şunları söyledi: “Araştırmamıza göre, risk grubundaki kişiler yalnızca zorunlu nedenlerle seyahat ediyor.”
Şirketin finans direktörü Bill Matthias, bizimle yaptığı görüşmede bu ölçütün müşteri deneyimini ölçmeye nasıl yardımcı olduğunu açıklıyor. “Markanın tüm bu küçük etkileşimlerin toplamı olduğuna gerçekten inanıyorsanız, pazarlama, satış ve destek hepsi bunu etkiler.”
"""),
("ru", """Кристиан Хансен, генеральный директор компании Formation.ai, рассказывает, как авиакомпании адаптировали свои коммуникации во время пандемии. В ноябре 2020 года он сказал нам: «Согласно нашим исследованиям, люди из группы риска летают только по необходимости».
Билл Матиас, финансовый директор компании, объясняет, как этот показатель помогает измерить клиентский опыт. «Если вы действительно верите, что бренд — это сумма всех этих небольших взаимодействий, то маркетинг, продажи и поддержка влияют на него».
"""),
("fr", """Christian Hansen, PDG de l'éditeur de logiciels Formation.ai, explique comment les compagnies aériennes ont adapté leur communication. Il nous a confié en novembre 2020 : « Selon nos recherches, les personnes à risque ne voyagent que pour des raisons essentielles. »
Bill Matthias, directeur financier de l'entreprise, explique lors d'un entretien avec nous comment cet indicateur aide à quantifier l'expérience client. « Si vous croyez vraiment que la marque est la somme de toutes ces petites interactions, alors le marketing, les ventes et le support l'influencent. »
"""),
("it", """Christian Hansen, CEO della società di software Formation.ai, descrive come le compagnie aeree abbiano adattato la comunicazione. Ci ha detto nel novembre 2020: «Secondo le nostre ricerche, le persone a rischio viaggiano solo per motivi essenziali».
Bill Matthias, CFO dell'azienda, parlando con noi spiega come questa metrica aiuti a quantificare l'esperienza del cliente. «Se credi davvero che il marchio sia la somma di tutte queste piccole interazioni, allora marketing, vendite e assistenza lo influenzano».
"""),
("pt", """Christian Hansen, CEO da empresa de software Formation.ai, descreve como as companhias aéreas ajustaram sua comunicação. Ele nos disse em novembro de 2020: “Segundo nossa pesquisa, as pessoas de maior risco só viajam por motivos essenciais.”
Bill Matthias, diretor financeiro da empresa, em conversa conosco, explica como essa métrica ajuda a quantificar a experiência do cliente. “Se você realmente acredita que a marca é a soma de todas essas pequenas interações, então marketing, vendas e suporte a influenciam.”
"""),
]


@pytest.mark.parametrize("lang,text", SEED_STORY, ids=[c[0] for c in SEED_STORY])
def test_seed_story_in_other_languages(lang, text):
    hansen, matthias = quotes(text, lang)
    assert hansen.speaker in ("Christian Hansen", "كريستيان هانسن", "Кристиан Хансен")
    assert matthias.speaker in ("Bill Matthias", "بيل ماتياس", "Билл Матиас")
    assert hansen.speaker_start < hansen.start and hansen.confidence >= 0.6


@pytest.mark.parametrize("lang,text,want", ATTRIBUTED, ids=[f"{c[0]}-{i}" for i, c in enumerate(ATTRIBUTED)])
def test_attributed(lang, text, want):
    got = pairs(quotes(text, lang))
    assert len(got) == len(want), got
    for (text_got, speaker), (start, expected) in zip(got, want):
        assert text_got.startswith(start), (text_got, start)
        assert speaker == expected


@pytest.mark.parametrize("lang,text", LEFT_OUT, ids=[f"{c[0]}-{i}" for i, c in enumerate(LEFT_OUT)])
def test_left_out(lang, text):
    assert quotes(text, lang) == []


# Someone is quoted, but the pronoun points back to nobody the article lets us name: the quotation is a
# record all the same, its source the pronoun as written, its speaker unknown (None).
UNKNOWN_SPEAKER = [
    ("en", "“We will see what happens next,” he said.", "he"),                          # nobody before
    # the pronoun more likely means the unnamed person of the sentence in between
    ("de", "Robert Habeck sprach zuerst.\nDie Kundin war empört. „So etwas habe ich noch nie erlebt“, sagte sie.", "sie"),
    ("en", "John Smith met the customer. The customer was furious. “Never again will I fly with you,” she said.", "she"),
    ("fr", "Le marché a fermé tôt. « Nous reviendrons demain », a-t-elle lancé.", "elle"),
    ("es", "La tienda cerró a las seis. «No volveremos a abrir este mes», dijo él.", "él"),
]


@pytest.mark.parametrize("lang,text,mention", UNKNOWN_SPEAKER, ids=[f"{c[0]}-{i}" for i, c in enumerate(UNKNOWN_SPEAKER)])
def test_unknown_speaker(lang, text, mention):
    found = quotes(text, lang)
    assert len(found) == 1
    q = found[0]
    assert q.speaker is None and q.speaker_start == -1
    assert q.speaker_kind == "pronoun" and q.mention is not None and q.mention.casefold().endswith(mention)
    assert text[q.start:q.end] == q.text


# Speech punctuation hands the quotation over to a reporting verb right after it, whose subject the reader cannot
# read: the quotation is a record all the same, its speaker unknown. A name or title in marks that is the
# subject of the verb, with no comma or dash, is none.
@pytest.mark.parametrize("lang,text,want", [
    ("es", "«No pienso volver a votar nunca más», dijo aquel señor de la gorra que siempre está en el bar.", 1),
    ("de", "„Das hätte ich nie gedacht“, sagte gestern am späten Abend noch ein sichtlich bewegter älterer Herr.", 1),
    ("ru", "«Северный кредит» сообщил о закрытии трёх отделений.", 0),
    ("de", "„Nordbank“ meldete am Montag einen Rekordgewinn.", 0),
    # no one person: an enumeration; a role no article ties to anyone named
    ("en", "“We will not sign this agreement today,” said Ann Lee, Tom Baker and Mary Jones.", 1),
    ("pl", "„To nieprawda, i wszyscy o tym wiedzą” – odpowiedział mu poseł opozycji.", 1),
])
def test_verb_after_speech_punctuation_keeps_the_quotation(lang, text, want):
    found = quotes(text, lang)
    assert len(found) == want
    if want:
        assert found[0].speaker is None and found[0].cue.startswith("verb-after")


# A source the article names by a noun phrase, not a person's name: the quotation is kept, its speaker is the
# phrase as written, and its kind says what the phrase is.
@pytest.mark.parametrize("lang,text,speaker,kind", [
    ("en", "“This will change everything in the industry,” a source said.", "a source", "unnamed"),
    ("en", "“This is fine for now, we think,” said a spokesperson for the company.", "a spokesperson", "unnamed"),
    ("en", "“Transparency matters more than ever today,” said the spokesperson.", "the spokesperson", "role"),
    ("ro", "Ministrul Finanțelor a declarat: „Nu vor exista taxe noi anul acesta”.", "Ministrul Finanțelor", "role"),
    ("tr", "Prof. Dr. Mustafa Ilıcalı konuştu.\nTörene katılan bir vatandaş, “Yıllardır bu metroyu bekliyorduk,” dedi.",
     "bir vatandaş", "unnamed"),
    ("de", "Die Staatsanwaltschaft erklärte: „Die Ermittlungen dauern noch mehrere Wochen an.“",
     "Die Staatsanwaltschaft", "organisation"),
    ("es", "«No hay dinero para todo», admitió un alto cargo del ministerio.", "un alto cargo del ministerio",
     "unnamed"),
])
def test_sources_that_name_no_person(lang, text, speaker, kind):
    (q,) = quotes(text, lang)
    assert (q.speaker, q.speaker_kind, q.speaker_start) == (speaker, kind, -1)
    assert q.mention == speaker and text[q.mention_start:q.mention_end] == speaker


@pytest.mark.parametrize("lang,text,quote,speaker", [
    ("en", "Smith said the report was “deeply flawed and misleading in many ways”.",
     "deeply flawed and misleading in many ways", "Smith"),
    ("en", "Maria Lopez says the plan is “reckless”.", "reckless", "Maria Lopez"),
    ("de", "Die Ministerin Anna Beispiel nannte den Entwurf „blanker Unsinn“.", "blanker Unsinn", "Anna Beispiel"),
    ("fr", "Le maire Paul Durand a qualifié la décision de « scandaleuse » lundi.", "scandaleuse", "Paul Durand"),
])
def test_partial_quotation_takes_the_subject_of_its_sentence(lang, text, quote, speaker):
    (q,) = quotes(text, lang)
    assert (q.text, q.speaker) == (quote, speaker) and q.cue.startswith("partial:")


def test_record_fields_and_cues():
    text = "Jane Roberts runs the port.\n“We will not back down,” said Commissioner Jane Roberts.\n“Never,” she added."
    first, second = quotes(text, "en")
    assert (first.start, first.end) == (text.index("We will"), text.index(",” said"))
    assert first.cue == "verb-after:said" and first.confidence >= 0.9
    assert (first.speaker_start, first.speaker_end) == (text.index("Jane Roberts", 30), text.index(".\n“Never"))
    assert second.text == "Never" and second.cue == "pronoun:she added"
    assert second.speaker_start == first.speaker_start          # the antecedent's mention
    assert second.confidence < first.confidence


def test_persian_cues():
    text = ("داریوش کامرانی، مدیر عامل شرکت، بیان می کند که کارخانه تولید خود را دو برابر میکند. "
            "او در مارس2021 به روزنامه ما گفت: «طبق حساب های ما سفارش ها بیشتر شده اند.»")
    (q,) = quotes(text, "fa")
    assert q.speaker == "داریوش کامرانی" and q.cue == "pronoun:او گفت"
    assert q.speaker_start == 0


def test_unlisted_language_falls_back_to_common_data():
    text = "Kwa maoni yake:\n“Huduma kwa wateja ni muhimu sana kwetu sote.”\n— Amina Juma"
    (q,) = quotes(text, "sw")
    assert q.speaker == "Amina Juma" and q.cue == "dash-line"
    # no verbs known: the verb is known by where it stands, between the quotation's comma and a name
    (inverted,) = quotes("“Huduma kwa wateja ni muhimu sana,” alisema Amina Juma.", "sw")
    assert inverted.speaker == "Amina Juma" and inverted.cue == "verb-after:alisema" and inverted.confidence < 0.92
    assert quotes(text, None)[0].speaker == "Amina Juma"


def test_quotation_over_paragraphs_with_reopened_marks():
    """One record a paragraph, as quotations are read and annotated, all with the source named at the end."""
    text = "“First part of the statement goes here.\n“Second part, which ends here,” said Sarah Connor."
    first, second = quotes(text, "en")
    assert (first.text, second.text) == ("First part of the statement goes here.", "Second part, which ends here")
    assert first.speaker == second.speaker == "Sarah Connor" and second.cue == "continuation"
    assert text[second.start:second.end] == second.text


def test_quotation_closed_by_another_mark_a_paragraph_later():
    text = "Sarah Connor told us: «The first half of what she said.\nAnd the rest of it, a paragraph later. \"\nNext."
    (q,) = quotes(text, "en")
    assert q.text.endswith("a paragraph later.") and q.speaker == "Sarah Connor"


def test_pronoun_across_paragraphs_prefers_named_person_over_organisation():
    text = ("Jane Doe joined Goldman Sachs in 2010 as an analyst.\n\n"
            "“We started small and grew slowly,” she said.")
    (q,) = quotes(text, "en")
    assert q.speaker == "Jane Doe"


def test_skip_spans_hide_quotations_and_names():
    tweet = "“Transparency builds trust in every brand we know,” says the thread.\n— Ann Lee (@annlee) 1 May 2020\n"
    prose = "“Our customers deserve the whole truth,” said Tom Baker."
    text = tweet + prose
    assert [q.speaker for q in quotes(text, "en")] == ["the thread", "Tom Baker"]
    got = quotes(text, "en", skip=[(0, len(tweet))])
    assert pairs(got) == [("Our customers deserve the whole truth", "Tom Baker")]
    assert quotes(prose, "en", skip=[(0, len(prose))]) == []


def test_apostrophes_are_not_quote_marks():
    text = "L'esperienza dell'azienda non è un'opinione, e O'Neil non l'ha mai detto. Don't."
    assert find(text, lang_data("it")) == []


def test_stray_mark_does_not_swallow_the_article():
    para = "The committee met again on Tuesday to discuss the budget and the new rules for members. "
    stray = "He wrote “ and then nothing else on that line. " + para
    tail = "“Our members deserve better service from all of us,” said Tom Baker."
    text = stray + "\n" + (para * 3 + "\n") * 20 + tail
    got = quotes(text, "en")
    assert pairs(got) == [("Our members deserve better service from all of us", "Tom Baker")]
    spans = find(text, lang_data("en"))
    assert all(q.end - q.start < 5000 and text[q.start:q.end].count("\n") < 5 for q in spans)


def test_large_input_with_stray_marks():
    """200 KB of paragraphs with stray marks of every kind: every real quotation found, no stray one taken.
    How long it takes is measured in bench/ (a timed assert would fail on a loaded machine), not here."""
    para = ("Jane Doe runs the lab. “We test everything twice before we ship,” she said. "
            "The committee met on Tuesday “ to discuss « the budget and the \" new rules. ") * 4
    text = ("\n".join([para] * 330))[:200_000]
    assert len(text) >= 199_000
    got = extract_quotes(doc(text, "en"))
    assert len(got) >= 500 and {q.speaker for q in got} == {"Jane Doe"}


def test_odd_input_never_crashes():
    for text in ["", "“", "”", "«»", "\"\"\"", "„“”«»‹›「」『』'\"", "“\n\n\n”", "— ", "—\n“x”\n—",
                 "a\u200c\u200d“b", "“” said John Smith.", "said:“", "«" * 1000, "\"" * 999 + "a"]:
        for lang in ("en", "fa", "zz", None, "ja"):
            quotes(text, lang)


# --- markup, lists and short quotations --------------------------------------------------------------

MARKDOWN_PAGE = """---
title: Hot Papers 2021-01-15
tags:
  - "arXiv"
  - "Twitter"
  - "Machine Learning"
  - "Computer Science"
---

# Notes from the conference

The opening keynote was given by Jane Smith, CTO of Acme.

```flow
// Generic
type Either<L, R> = { type: 'Left', value: L } | { type: 'Right', value: R }
```

~~~python
print("Hello world, said the program")
John Smith said: "this line is code and not a quotation at all"
~~~

Use the `say("hello there my friend, how are you today")` helper.
<!-- Tom Baker said: “a comment is no quotation either, however long” -->

What can we do next to have a fully-fledged Universal app.

- Add Universal Data Retrieval
- Add Universal State Management

“Developers deserve tools that respect their time,” Smith said during the talk.
"""


@pytest.mark.parametrize("lang,text,want", [
    # a surname alone names the person the article gave in full before it
    ("es", "La consultora Marta Ruiz habló ante la asociación.\n\n«La mayoría de las empresas confunden atención "
           "con marketing», afirmó Ruiz.", [("La mayoría", "Marta Ruiz")]),
    ("de", "Die Ministerin Anna Berger besuchte am Montag das Werk.\n„Wir brauchen mehr Fachkräfte im ganzen Land“, "
           "sagte Berger.", [("Wir brauchen", "Anna Berger")]),
    # two people share the surname: the name stays as written
    ("en", "Anna Smith and her brother Tom Smith run the bakery together.\n“We never planned to grow this fast,” "
           "Smith said.", [("We never planned", "Smith")]),
    # a name in apposition to the opening title phrase is the sentence's subject, for a pronoun or pro-drop
    ("es", 'El presidente de la asociación, Luis Gómez, fue más prudente. "Todavía estamos aprendiendo", dijo.',
     [("Todavía estamos", "Luis Gómez")]),
    # a verb the data does not list, before a colon: the clause's subject when a title vouches for a person
    ("de", "Der Sprecher Jan Kowalski reagierte gelassen: „Das haben wir erwartet und sind vorbereitet.“",
     [("Das haben wir", "Jan Kowalski")]),
    # a title's complement is no part of the name; elided articles are words of their own
    ("en", '"We will cut the deficit by half over the next two years," said Minister of Finance Jane Doe.',
     [("We will cut", "Jane Doe")]),
    ("es", "«Vamos a reducir el déficit a la mitad en dos años», dijo el ministro de Economía Carlos Cuerpo.",
     [("Vamos a reducir", "Carlos Cuerpo")]),
    ("it", "«È una legge di bilancio molto prudente», ha detto il ministro dell'Economia Giancarlo Giorgetti.",
     [("È una legge", "Giancarlo Giorgetti")]),
    ("it", "«Abbiamo fatto un lavoro enorme per i clienti», ha spiegato l'amministratore delegato Carlo Rossi.",
     [("Abbiamo fatto", "Carlo Rossi")]),
    ("fr", "« Nous allons réduire le déficit de moitié », a déclaré le ministre de l’Économie Bruno Le Maire.",
     [("Nous allons", "Bruno Le Maire")]),
    ("it", "«La politica deve tornare a parlare ai cittadini», ha detto Massimo D'Alema al convegno.",
     [("La politica", "Massimo D'Alema")]),
    ("id", '"Kami akan terus memperbaiki layanan kami," kata Direktur Utama PT Maju, Budi Santoso.\n\n'
           'Menurutnya, "pelanggan adalah prioritas utama perusahaan ini."',
     [("Kami akan", "Budi Santoso"), ("pelanggan adalah", "Budi Santoso")]),
    # a genitive complement without a preposition, where the language's titles take one
    ("el", "«Η οικονομία βρίσκεται σε τροχιά ανάπτυξης», δήλωσε ο υπουργός Οικονομικών Κωστής Χατζηδάκης.",
     [("Η οικονομία", "Κωστής Χατζηδάκης")]),
    ("ru", "«Это важный день для жителей всего района», — сказал мэр Москвы Сергей Собянин.",
     [("Это важный", "Сергей Собянин")]),
    ("ru", "«Мы продолжим работу над бюджетом в этом году», — сказал президент Владимир Владимирович Путин.",
     [("Мы продолжим", "Владимир Владимирович Путин")]),
    ("ro", "„Nu vor exista noi taxe în acest an”, a declarat ministrul Finanțelor Marcel Boloș.",
     [("Nu vor exista", "Marcel Boloș")]),
    ("ro", "„Nu vor exista noi taxe în acest an”, a declarat ministrul Marcel Ioan Boloș.",
     [("Nu vor exista", "Marcel Ioan Boloș")]),
    # a whole sentence after a colon stays a quotation; nothing vouches for these names as people's
    ("en", "Chapter Four begins: “It was a cold morning in the middle of a long winter.”",
     [("It was a cold", None)]),
    ("en", "Thomas Miller fumed: “Speed alone is not enough for any of us.”", [("Speed alone", None)]),
])
def test_speaker_names_titles_and_clauses(lang, text, want):
    got = pairs(quotes(text, lang))
    assert [(t[:len(start)], speaker) for (t, speaker), (start, _) in zip(got, want)] == want and len(got) == len(want), got


# A title's complement is no one-word name, though the article writes it in a run of capitalised words
# ("Ministrul Culturii" is one): no person is named, so the source is the title phrase, never a person.
@pytest.mark.parametrize("lang,text", [
    ("ro", "Ministrul Culturii a declarat: „Vom continua să sprijinim teatrele din toată țara.”"),
    ("ru", "Министр Финансов заявил: «Мы не будем повышать налоги в следующем году»."),
    ("ru", "Мэр Москвы заявил: «Мы откроем еще десять станций метро в этом году»."),
    ("el", "Ο Υπουργός Οικονομικών δήλωσε: «Η οικονομία θα αναπτυχθεί περισσότερο φέτος»."),
    ("pl", "Minister Finansów powiedział: „Nie będziemy podnosić podatków w przyszłym roku”."),
    ("id", "Menteri Pariwisata mengatakan: “Kami akan membuka lebih banyak destinasi tahun ini.”"),
    # written after an organisation's word elsewhere, it still names nobody
    ("ru", "Министерство Финансов опубликовало отчёт.\nМинистр Финансов заявил: «Мы не будем повышать налоги»."),
])
def test_a_titles_complement_is_no_name(lang, text):
    for q in quotes(text, lang):
        assert q.speaker_start == -1 and q.speaker_kind in ("role", "organisation", "unnamed"), q


@pytest.mark.parametrize("lang,text,want", [
    # the name after the complement is the subject
    ("ro", "Ministrul Culturii, Ion Popescu, a declarat: „Vom continua să sprijinim teatrele din toată țara.”",
     ("Vom continua", "Ion Popescu")),
    # a surname after a title stands when the article writes it elsewhere in a name, or after an honorific
    ("ru", "Экономист Наталия Орлова выступила первой.\nЭкономист Орлова заявила: «Ставку снизят не раньше лета».",
     ("Ставку снизят", "Наталия Орлова")),
    ("en", "Mr Jones arrived early.\nCommissioner Jones said: “We will not raise taxes next year at all.”",
     ("We will not", "Jones")),
])
def test_a_one_word_name_after_a_title(lang, text, want):
    got = pairs(quotes(text, lang))
    assert [(t[:len(want[0])], speaker) for t, speaker in got] == [want], got


def test_markdown_markup_is_not_prose():
    got = quotes(MARKDOWN_PAGE, "en", kind="markdown")
    assert pairs(got) == [("Developers deserve tools that respect their time", "Jane Smith")]


def test_code_holds_no_antecedent_and_inline_code_cuts_no_quotation():
    text = "```\nJohn Smith explained the plan to investors.\n```\n\n“We will ship it next week, no matter what,” he said.\n"
    assert pairs(quotes(text, "en", kind="markdown")) == [("We will ship it next week, no matter what", None)]
    assert pairs(quotes(text, "en")) == [("We will ship it next week, no matter what", "John Smith")]  # plain text
    text = "“Use the `git log` command daily, it saves hours,” said Tom Baker."
    assert pairs(quotes(text, "en", kind="markdown")) == [("Use the `git log` command daily, it saves hours", "Tom Baker")]


@pytest.mark.parametrize("lang,text", [
    ("en", "What can we do next to have a fully-fledged Universal app.\n\n- Add Universal Data Retrieval\n"
           "- Add Universal State Management\n"),
    ("en", "What can we do next to have a fully-fledged Universal app.\n\n- Add Universal Data Retrieval\n"),
    ("en", "Customer service is not a department, it is everyone's job.\n- Kate Zabriskie\n"),  # a hyphen: a bullet
    ("en", "These are the plans of the company for this year.\n– Faster Service\n– Lower Prices\n"),
    ("en", "“Start on time, end on time, and always send an agenda first.”\n- Jane Austen\n- Tom Baker\n"),
    ("en", '  - "Twitter"\n  - "Machine Learning"\n  - "Computer Science"\n'),
    ("en", "Then he said “we are done here for today”\n— Kate Zabriskie\n"),               # not on a line of its own
    ("en", "“Start on time, end on time, and always send an agenda first.”\n- Productivity Weekly\n"),
])
def test_list_items_are_not_dash_line_bylines(lang, text):
    # nobody is named: a quotation may stand ("he said"), but no list item is its speaker
    assert [q for q in quotes(text, lang) if q.speaker is not None or q.cue.startswith("dash")] == []
    assert [q for q in quotes(text, lang, kind="markdown") if q.speaker is not None or q.cue.startswith("dash")] == []


@pytest.mark.parametrize("kind", ["text", "markdown"])
def test_dash_line_bylines(kind):
    cases = [
        ("en", "Some wisdom for the road:\n\n“Service is a state of mind that lives in every employee.”\n— Kate Zabriskie\n\n"
               "More text.", [("Service is a state", "Kate Zabriskie")]),
        ("fr", "«Le client est roi dans cette maison depuis toujours.»\n– Kate Zabriskie\n", [("Le client est roi", "Kate Zabriskie")]),
        ("en", "Customer service is not a department, it is everyone's job.\n― Kate Zabriskie",
         [("Customer service is not", "Kate Zabriskie")]),
        ("en", "“Service is a state of mind that lives in every employee.”\n—Kate Zabriskie",
         [("Service is a state", "Kate Zabriskie")]),
        ("en", "“Quote one is long enough to count here.”\n— Ann Lee\n“Quote two is long enough to count too.”\n— Bob Stone\n",
         [("Quote one", "Ann Lee"), ("Quote two", "Bob Stone")]),
        ("en", "“Start on time, end on time, and always send an agenda first.”\n- Jane Austen\n\nMore text follows.",
         [("Start on time", "Jane Austen")]),
    ]
    for lang, text, want in cases:
        got = pairs(quotes(text, lang, kind=kind))
        assert [(t[:len(start)], s) for (t, s), (start, _) in zip(got, want)] == want and len(got) == len(want), got


@pytest.mark.parametrize("lang,text", [
    # a term the verb takes as its object, and the subject is an organisation anyway
    ("zh", "OCBC 在 11 月份更新，支持了直接汇款到支付宝、微信，并且宣称「费用免除」，实际确实是不需要手续费。"),
    ("zh", "王明表示「没问题」。"),
    ("en", "Maria Lopez had a word for the plan: “boondoggle”."),         # no reporting verb
    ("tr", "Ahmet Yılmaz bunu “Evet” dedi."),
    ("en", "type Either<L, R> = { type: 'Left', value: L }"),             # code read as prose: a colon and one word
    # an item of an enumeration is not the speaker
    ("zh", "王明、李华表示：“我们将继续努力，服务好每一位客户。”"),
])
def test_terms_enumerations_and_unnamed_subjects_left_out(lang, text):
    assert quotes(text, lang) == []


# A joint statement after a colon: a quotation, no one person its speaker.
@pytest.mark.parametrize("lang,text,quote", [
    ("en", "John Smith, Mary Jones and Tom Baker said: “We will not sign this agreement today.”",
     "We will not sign this agreement today."),
    ("pt", "Ana Lima, Rui Costa e João Dias disse: “Não vamos assinar este acordo hoje.”",
     "Não vamos assinar este acordo hoje."),
])
def test_a_joint_statement_has_no_one_speaker(lang, text, quote):
    assert pairs(quotes(text, lang)) == [(quote, None)]


@pytest.mark.parametrize("lang,text,quote,speaker", [
    ("en", "Maria Lopez said: “Yes.”", "Yes.", "Maria Lopez"),
    ("zh", "王明表示：「没问题。」", "没问题。", "王明"),
    ("de", "„Nein“, sagte Angela Müller.", "Nein", "Angela Müller"),
    ("es", "Carlo Ancelotti, entrenador del equipo, resumió la temporada en una palabra: «Increíble».", "Increíble",
     "Carlo Ancelotti"),
    ("zh", "银行发言人李明表示：“我们将继续降低跨境汇款的成本，让客户受益。”", "我们将继续降低跨境汇款的成本，让客户受益。", "李明"),
])
def test_short_quotations_set_off_as_speech(lang, text, quote, speaker):
    assert pairs(quotes(text, lang)) == [(quote, speaker)]


def _seed_skips(body: str):
    """Tweets pasted into the seeds: a line followed by "— Name (@handle) date"."""
    out = []
    for m in re.finditer(r"^[ \t]*[—–―-][^\n]*\(@\w+\)[^\n]*$", body, re.M):
        start = body.rfind("\n", 0, m.start() - 1) + 1
        out.append((start, m.end()))
    return out


@pytest.mark.skipif(not GOLD.exists(), reason="shared/ gold not beside the repo")
@pytest.mark.parametrize("with_skip", [True, False])
def test_seed_gold(with_skip):
    gold = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    got = []
    for path in sorted(SEEDS.glob("*.txt")):
        body = path.read_text("utf-8")
        skip = _seed_skips(body) if with_skip else ()
        got += [(path.name, q) for q in quotes(body, SEED_LANG[path.name[:3]], skip)]
    assert len(got) == len(gold)                    # nothing from the four seeds without attributed quotations
    for (name, q), g in zip(got, gold):
        assert name == g["doc"] and q.text.startswith(g["text_starts"]) and q.speaker == g["speaker"]


# Names inflect for case in Russian: the speaker is the person, in the nominative, and a later case form of
# the surname alone is the same person.
@pytest.mark.parametrize("text,want", [
    ("По словам профессора Михаила Дроздова, «реформа запоздала на десять лет».", ["Михаил Дроздов"]),
    ("Корреспондент поговорил с Мариной Зуевой. «Цены растут каждую неделю», — сказала Зуева.",
     ["Марина Зуева"]),
    ("«Мы откроем школу осенью», — сообщил директор Павел Рыбин. Интервью с Рыбиным вышло вчера.",
     ["Павел Рыбин"]),
    # a name that reads whole as a woman's in the nominative stays so (not a man's in the genitive)
    ("«Проект похоронен окончательно», — сказала депутат Евгения Мордвинова.", ["Евгения Мордвинова"]),
    ("Депутат Евгения Мордвинова выступила на сессии. «Никто не будет строить», — сказала она.",
     ["Евгения Мордвинова"]),
])
def test_russian_speakers_are_named_in_the_nominative(text, want):
    assert [q.speaker for q in quotes(text, "ru")] == want


def test_names_in_a_language_without_an_analyser_stay_as_written():
    got = quotes("«Ceny rosną co tydzień» – powiedziała Marina Zujewa.", "pl")
    assert [q.speaker for q in got] == ["Marina Zujewa"]


@pytest.mark.parametrize("lang,text,speaker,kind", [
    ("en", "Mayor Linda Chavez opened the session. Later Councilman Rick Alvarez spoke at length about the "
           "budget. “We will vote next week,” the mayor said.", "Linda Chavez", "role"),
    ("en", "Captain Ola Berg scored twice on Saturday.\n\n“We were not good enough at the start,” the manager said.",
     "the manager", "role"),
    ("it", "Il sindaco Marco Neri ha aperto la seduta. L'assessore Luca Bassi ha parlato a lungo.\n\n"
           "«Voteremo la settimana prossima», ha detto il sindaco.", "Marco Neri", "role"),
])
def test_a_role_is_the_person_written_with_it(lang, text, speaker, kind):
    (q,) = quotes(text, lang)
    assert (q.speaker, q.speaker_kind) == (speaker, kind)


def test_a_quotation_paragraph_after_narration_goes_on_from_it():
    """A quotation filling its paragraph with no cue is kept: the saying of the person the paragraph before
    opens with, less surely than a cued one; of nobody named when that paragraph names no one."""
    text = "Ruth Okafor walked along the harbour wall on Sunday.\n\n“Nobody reads the small print anymore.”"
    (q,) = quotes(text, "en")
    assert (q.speaker, q.cue) == ("Ruth Okafor", "own-paragraph")
    cued = "Ruth Okafor walked along the harbour wall on Sunday.\n\n“Nobody reads the small print anymore,” she said."
    assert q.confidence < quotes(cued, "en")[0].confidence
    (q,) = quotes("The harbour wall was busy on Sunday.\n\n“Nobody reads the small print anymore.”", "en")
    assert q.speaker is None


@pytest.mark.parametrize("lang,text", [
    ("de", "Der Minister Karl Brenner sprach über das „Gesetz zur Änderung des Meldegesetzes“ im Bundestag."),
    ("en", "Senator Nora Quist said the Harbour Fund would back the “Clean Water For All Campaign” next year."),
    ("fr", "La ministre Claire Morel a salué le festival « Les Nuits de Brest » lundi."),
])
def test_titles_of_several_capitalised_words_are_no_partial_quotations(lang, text):
    assert quotes(text, lang) == []


def test_a_relative_clause_after_the_speaker_is_no_enumeration():
    text = ("“Every publisher turned me down,” says Halifax painter Rob Tanner, whose hero rides a bike and "
            "is based on his life.")
    assert [q.speaker for q in quotes(text, "en")] == ["Rob Tanner"]


def test_a_preposition_is_no_according_to():
    text = "Devi leggere quel rapporto per capire, sia quelli che cercano \"il bene superiore\" sia gli altri."
    assert quotes(text, "it") == []


def test_a_common_word_opening_a_sentence_is_no_part_of_a_name():
    text = ("Marlowe is a painter; knowing him well, friends laugh. Knowing Marlowe loved comics, Vera Lind "
            "teased him.\n\n“I am not a robot,” she said.")
    assert [q.speaker for q in quotes(text, "en")] == ["Vera Lind"]


@pytest.mark.parametrize("lang,text,speaker,kind", [
    # a name ending with a word of an organisation is the organisation
    ("it", "«Nessun posto di lavoro è a rischio», ha dichiarato Ferralta Spa in una nota.", "Ferralta Spa",
     "organisation"),
    ("es", "«La planta seguirá abierta hasta 2030», aseguró Grupo Lezama en un comunicado.", "Grupo Lezama",
     "organisation"),
    # "one of the residents": the partitive belongs to the source
    ("ru", "«Вода поднялась до второй ступеньки за десять минут», — рассказал один из жителей.", "один из жителей",
     "unnamed"),
    ("en", "“The water reached the second step in ten minutes,” said one of the residents.", "one of the residents",
     "unnamed"),
])
def test_organisations_and_partitive_sources(lang, text, speaker, kind):
    (q,) = quotes(text, lang)
    assert (q.speaker, q.speaker_kind) == (speaker, kind)


# One quotation and its speaker, class by class (the comment above each group names it).
ONE_SPEAKER = [
    # pronouns agree in gender
    ("de", "Die Ministerin Eva Roth traf Karl Brenner. „Wir brauchen mehr Geld“, sagte sie.", "Eva Roth"),
    ("es", "La ministra Ana Ruiz recibió a Pedro Gil. «Necesitamos más fondos», dijo ella.", "Ana Ruiz"),
    ("ru", "Министр Ольга Белова встретилась с Игорем Петровым. «Нам нужно больше денег», — сказала она.",
     "Ольга Белова"),
    ("en", "Mrs Joan Pike greeted Tom Hale at the door. “We are ready for winter,” she said.", "Joan Pike"),
    ("fr", "La directrice Claire Morel a reçu Paul Vidal. « Nous ouvrirons en mai », a-t-elle dit.", "Claire Morel"),
    ("pl", "Posłanka Ewa Lis spotkała się z Adamem Nowym. „Potrzebujemy więcej czasu” – powiedziała ona.",
     "Ewa Lis"),
    # a quotation paragraph after reported speech
    ("en", "Mayor Ruth Okafor predicted that the levy would pass easily.\n\n“People have seen the potholes and "
           "they are tired of waiting for repairs.”", "Ruth Okafor"),
    ("de", "Die Ministerin Eva Roth erklärte, der Haushalt sei solide.\n\n„Wir haben in jedem Jahr weniger "
           "ausgegeben, als wir eingenommen haben.“", "Eva Roth"),
    ("es", "El alcalde Luis Mora aseguró que las obras terminarán en mayo.\n\n«Hemos contratado a más empresas "
           "para recuperar el tiempo perdido.»", "Luis Mora"),
    # pronouns skip credits and modifiers
    # a photo credit in brackets and a name used as a modifier are nobody a pronoun means
    ("en", "Nora Quist runs the shelter. (Tom Brandt/Staff)\n\n“We need twenty more beds,” she said.", "Nora Quist"),
    ("en", "Nora Quist opposed the Harbour Point pipeline.\n\n“It will ruin the bay,” she said.", "Nora Quist"),
    # pronouns through a role phrase
    # a pronoun after a definite role phrase means the one person written with that role
    ("en", "Mayor Ann Lee opened the session. Councilman Rick Alvarez spoke at length.\n\n"
           "On Monday the mayor raised the levy again.\n\n“We cannot wait another year,” she said.", "Ann Lee"),
    ("es", "La alcaldesa Marta Gil abrió la sesión. El concejal Pedro Ruiz habló después.\n\n"
           "El lunes la alcaldesa volvió a defender el plan.\n\n«No podemos esperar otro año», dijo ella.", "Marta Gil"),
    # a passive frame: the subject is the one quoted
    ("en", "Mayor Ann Lee spoke on Monday. “The debt is simply untenable,” she was quoted as saying.", "Ann Lee"),
    # sources further from the quotation
    # a reporting verb joined by a conjunction to a clause the name opens
    ("en", "Ana Lima thanked her team after the final and said: “I am sure my family was watching at home.”",
     "Ana Lima"),
    ("de", "Der Spieler Tom Ackermann lobte die Mitspieler und sagte: „Ich bin sicher, dass wir gewinnen.“",
     "Tom Ackermann"),
    # "so X" after a partial quotation in its sentence
    ("de", "Der Abgeordnete Karl Brenner erhob Vorwürfe. Die Soldaten hätten „die Regeln gebrochen“, so Brenner.",
     "Karl Brenner"),
    # a named organisation in between keeps the pronoun chain
    # a sentence about a named organisation in between does not break a pronoun's chain to a person…
    ("en", "Vera Lind leads the youth council.\n\nThe Harbour Youth Council stated in May it opposed the plan.\n\n"
           "“We understand what this land means to us,” she said.", "Vera Lind"),
    # german source phrases
    # where nouns are capitalised, a source phrase ends before a verb or a second article
    ("de", "Nach Angaben des Vermieters bestand für die Mieter zu keiner Zeit „irgendeine Gefahr“.", "des Vermieters"),
    ("de", "Der Entwurf ist nach Ansicht einer Richterin ein „mutiger Schritt nach vorn“.", "einer Richterin"),
    # an adverb opening a verb-second sentence is no subject: the phrase after the verb is
    ("de", "Gestern sprach ein Bahnsprecher von einer „vorübergehenden Störung im Stellwerk“.", "ein Bahnsprecher"),
]


@pytest.mark.parametrize("lang,text,speaker", ONE_SPEAKER)
def test_one_quotation_and_its_speaker(lang, text, speaker):
    assert [q.speaker for q in quotes(text, lang)] == [speaker]


# The person a pronoun means, past what is no antecedent: a page's furniture between paragraphs, a family
# name that husband and wife share (it tells neither one's gender), an abbreviation's dot that also ends
# the sentence before a quotation, a day of the week after a verb.
@pytest.mark.parametrize("lang,text,speaker", [
    ("en", "Mara Quell runs the shelter on the east side.\n\nStory Continues Below\n\n"
           "“We never turn anyone away,” she said.", "Mara Quell"),
    ("de", "Jana Pohlmann leitet das Tierheim am Stadtrand.\n\nWeitere Artikel Zum Thema\n\n"
           "„Wir weisen niemanden ab“, sagte sie.", "Jana Pohlmann"),
    ("en", "Dana Reyes opened the bakery in 1998 with her husband Tomas Reyes.\n\n"
           "Reyes still bakes every morning. “Bread does not wait for anyone,” she says.", "Dana Reyes"),
    ("en", "Nadia Brook now lives in Salem, Ore. “The lake is what I miss most,” she says.", "Nadia Brook"),
    ("en", "Lina Park chairs the panel. Officials confirmed Friday that nothing was decided.\n\n"
           "“We will wait for the full report,” she said.", "Lina Park"),
    ("de", "Lina Berg leitet den Ausschuss. Beamte bestätigten Freitag, dass nichts entschieden sei.\n\n"
           "„Wir warten auf den ganzen Bericht“, sagte sie.", "Lina Berg"),
])
def test_a_pronoun_skips_what_is_no_antecedent(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


# A document with a possessive before it ("her statement read", "su comunicado") is that person's words:
# the possessive points back like a pronoun, in every language that writes one.
@pytest.mark.parametrize("lang,text", [
    ("en", "Environment Minister Carla Voss cancelled the hearings on Monday.\n\n"
           "“I have heard from many residents who felt unsafe at these meetings,” her statement read."),
    ("en", "Mayor Carla Voss left the meeting early.\n\n“The city will not cut the bus routes this year,” her statement said."),
    ("de", "Die Ministerin Carla Voss sagte die Anhörungen ab.\n\n"
           "„Viele Bürger haben sich bei diesen Treffen unsicher gefühlt“, hieß es in ihrer Erklärung."),
    ("es", "La ministra Carla Voss suspendió las audiencias.\n\n"
           "«Muchos vecinos se sintieron inseguros en estas reuniones», señala su comunicado."),
    ("fr", "La ministre Carla Voss a annulé les réunions.\n\n"
           "« Beaucoup d'habitants ne se sentaient pas en sécurité », indique son communiqué."),
    ("it", "La ministra Carla Voss ha annullato gli incontri.\n\n"
           "«Molti residenti non si sentivano sicuri in queste riunioni», si legge nella sua nota."),
    ("pt", "A ministra Carla Voss cancelou as reuniões.\n\n«Muitos moradores não se sentiam seguros nestas reuniões», diz a sua nota."),
])
def test_a_possessive_document_is_its_owners_words(lang, text):
    got = quotes(text, lang)
    assert [q.speaker for q in got] == ["Carla Voss"]
    assert got[0].speaker_kind == "pronoun"


# Where nouns are capitalised, one quoted noun after a lowercase word is a word someone used, not a title
# ("sprach von „…“", "nannte ihn einen „…“"); after a definite article (or one merged into a preposition)
# it names a paper, a film, a ship.
@pytest.mark.parametrize("lang,text,want", [
    ("de", "Karl Brenner sprach von „Wucherpreisen“ im ganzen Land.", [("Wucherpreisen", "Karl Brenner")]),
    ("de", "Die Ministerin Eva Roth nannte ihn einen „Hochstapler“.", [("Hochstapler", "Eva Roth")]),
    ("de", "Eva Roth sagte der „Morgenpost“, sie bleibe im Amt.", []),
    ("de", "Eva Roth erklärte im „Tagesspiegel“, sie bleibe im Amt.", []),
])
def test_one_quoted_noun_where_nouns_are_capitalised(lang, text, want):
    assert pairs(quotes(text, lang)) == want


# A verb whose object is the one quoted: the reporter is its subject, the speaker its object.
@pytest.mark.parametrize("lang,text,speaker", [
    ("de", "Die Nachrichtenagentur zitiert dazu Karl Brenner mit folgenden Worten: „Der Hafen braucht neue Kräne, "
           "die alten stehen seit Wochen still.“", "Karl Brenner"),
    ("de", "Das Blatt zitiert eine Anwohnerin mit den Worten: „Das Auto ist einfach weitergefahren, als wäre "
           "nichts gewesen.“", "eine Anwohnerin"),
    ("en", "The agency quoted Karl Brenner as saying: “The harbour needs new cranes, the old ones have stood still for weeks.”",
     "Karl Brenner"),
    ("fr", "L'agence cite Karl Brenner : « Le port a besoin de nouvelles grues, les anciennes sont à l'arrêt depuis "
           "des semaines. »", "Karl Brenner"),
    ("es", "La agencia cita a Karl Brenner: «El puerto necesita grúas nuevas, las viejas llevan semanas "
           "paradas».", "Karl Brenner"),
    ("ru", "Агентство цитирует Карла Бреннера: «Порту нужны новые краны, старые стоят уже несколько недель».",
     "Карл Бреннер"),
])
def test_the_object_of_a_quoting_verb_is_the_speaker(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


# "The company said" after a sentence whose subject is an organisation's name: that organisation; a
# person opening the sentence before leaves the phrase as written.
@pytest.mark.parametrize("lang,text,speaker", [
    ("en", "Norvale Power said Thursday that the outage would last two days.\n\n"
           "“Crews are working around the clock to restore service,” the company said in a statement.", "Norvale Power"),
    ("en", "The Provincial Health Department called for calm on Monday.\n\n"
           "“There is no risk to the general public at this time,” the agency said.", "Provincial Health Department"),
    ("es", "El Ministerio de Agricultura confirmó ayer la retirada de un lote de piensos.\n\n\"El producto "
           "afectado ya no está a la venta\", indicó el departamento en una nota.", "Ministerio de Agricultura"),
    ("pt", "A Fiorela comunicou nesta sexta-feira que vai abrir uma segunda fábrica.\n\n"
           "\"O investimento responde ao aumento das encomendas\", disse a companhia em nota.", "Fiorela"),
    ("fr", "La société Sorvanel a annoncé la fermeture de son usine.\n\n"
           "« Nous accompagnerons chaque salarié », a précisé l'entreprise.", "Sorvanel"),
    ("de", "Die Stadtwerke Lindau kündigten am Montag höhere Preise an.\n\n"
           "„Wir können die gestiegenen Kosten nicht mehr auffangen“, erklärte das Unternehmen.", "Stadtwerke Lindau"),
    ("en", "Jonas Varga joined the firm in 2010. Varga said little.\n\n“Profits will rise next year,” the company said.",
     "the company"),
])
def test_an_organisation_noun_points_back_to_the_organisation(lang, text, speaker):
    got = quotes(text, lang)
    assert [q.speaker for q in got] == [speaker]
    assert got[0].speaker_kind in ("organisation", "unnamed", "role")


# A word capitalised only for opening its sentence is no part of the name after it ("Finally Demi …",
# "Knowing Bardos …") when the article also writes it in lowercase; a first name that is also a word
# ("Will") stays.
@pytest.mark.parametrize("lang,text,speaker", [
    ("en", "Demi Vargas runs a shop. The cast met on Monday. Finally Demi left the room, and she finally said it.\n\n"
           "“The jokes about my age roll right off me,” Demi said.", "Demi Vargas"),
    ("en", "Will Carter runs the shop. “We will open on Monday,” Carter said.", "Will Carter"),
    ("es", "Lucía Ferrer dirige la tienda. Finalmente Lucía habló, y finalmente lo dijo todo.\n\n"
           "«No me afectan las críticas», dijo Lucía.", "Lucía Ferrer"),
])
def test_a_sentence_opener_is_no_part_of_the_name(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


# A named subject, a predicate the data does not list and a colon before a whole sentence in quote marks
# ("Ana Lima turned to the crowd once more: “…”"), when the article refers to the name as to a person (the
# surname alone elsewhere); a passive quoting verb names its subject. Otherwise the quotation stands with its
# speaker unknown (None).
@pytest.mark.parametrize("lang,text,want", [
    ("de", "Brenner sprach lange. Karl Brenner bekannte sich erneut zum Hafen: „Ich freue mich, dass die Stadt in "
           "die Werft investiert.“", "Karl Brenner"),
    ("en", "Brenner waited. Karl Brenner turned to the crowd once more: “We will rebuild this town together.”",
     "Karl Brenner"),
    ("es", "Brenner esperó. Karl Brenner se dirigió de nuevo al público: «Reconstruiremos juntos este pueblo.»",
     "Karl Brenner"),
    ("en", "New York has a new slogan: “The city that never sleeps is awake again.”", None),   # a place
    ("de", "Karl Brenner wird auf der Internetseite des Vereins wie folgt zitiert: „Wir hatten auch magere Jahre.“",
     "Karl Brenner"),
    ("en", "Chapter Four begins: “It was a dark night.”", None),          # one word of predicate: no person
])
def test_a_named_clause_before_a_colon(lang, text, want):
    assert [s for _, s in pairs(quotes(text, lang))] == [want]


# A name introduced as such ("по имени Савелий", "namens Falko", "llamado Ramiro"): one word is a name there.
@pytest.mark.parametrize("lang,text,speaker", [
    ("ru", "Продавец, мужчина по имени Савелий, долго рассказывал мне про сыры. «Этот мы выдерживаем в погребе "
           "полгода», — сказал он.", "Савелий"),
    ("de", "Ein junger Mann namens Falko reparierte gerade ein altes Lastenrad. „Das fährt bald wieder wie neu“, "
           "sagte er.", "Falko"),
    ("es", "Un señor llamado Ramiro nos atendió en el puesto. «Aquí todo se cocina a leña», nos dijo.", "Ramiro"),
])
def test_a_name_introduced_as_a_name(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


# After the verb, a lowercase description the data does not list, then the full name: the name.
@pytest.mark.parametrize("lang,text,speaker", [
    ("en", "“Our neighbours are ahead of us,” said dock and rail worker Omar Haddad.", "Omar Haddad"),
    ("en", "“We were here first,” said longtime resident Omar Haddad.", "Omar Haddad"),
    ("pt", "«Estamos aqui há quarenta anos», disse a moradora antiga Luísa Prado.", "Luísa Prado"),
    ("it", "«Siamo qui da quarant'anni», ha detto la residente storica Luisa Prado.", "Luisa Prado"),
])
def test_a_description_before_a_name_after_the_verb(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


# A saying goes on: the next sentence of quotation after “…,” she said. (even when reading the sentence
# before afresh would be less sure: a pronoun with a weak antecedent), and the quotation filling the
# paragraph after one that only reports what someone says ("But he says …", "… but Haddad says …").
@pytest.mark.parametrize("lang,text,speaker,n", [
    ("en", "Mara Levin won a title in 2013.\n\nHer first trophy was a doubles title with Tom Reyes at the county "
           "open. Levin, who also won some singles there, was on her way.\n\n"
           "“He did most of the running,” she said. “I was brand new.”", "Mara Levin", 2),
    ("es", "Mara Levin ganó un título en 2013.\n\nSu primer trofeo fue un título de dobles con Tomás Reyes en el "
           "abierto del condado. Levin, que también ganó algunos individuales allí, iba por buen camino.\n\n"
           "«Él corrió casi todo», dijo ella. «Yo era muy nueva.»", "Mara Levin", 2),
    ("en", "Omar Haddad spoke in Leeds.\n\n“Open ports are what made this city rich,” he said.\n\nSome people want "
           "the docks closed to outsiders, he said, without naming anyone in particular.\n\n"
           "“But that sort of scaremongering has no future here.”", "Omar Haddad", 2),
    ("en", "Omar Haddad runs the paramedics' union.\n\n“There were 38 ambulances stuck for a day,” said Haddad.\n\n"
           "But he says the delays point to trouble in the hospitals themselves.\n\n“Handing over a patient takes us "
           "hours now.”", "Omar Haddad", 2),
    ("en", "Omar Haddad runs the paramedics' union.\n\n“There were 38 ambulances stuck for a day,” said Haddad.\n\n"
           "The target is met in most cases but Haddad says his crews see something else.\n\n"
           "“Commonly, our response times are far longer than that.”", "Omar Haddad", 2),
    ("es", "Omar Haddad habló en Madrid.\n\nHay quien intenta sembrar miedo sobre la inmigración, dijo Haddad, aunque no "
           "nombró a ningún grupo.\n\n«Pero ese tipo de alarmismo no tiene cabida aquí.»", "Omar Haddad", 1),
    ("fr", "Omar Haddad dirige le syndicat des ambulanciers.\n\n« Il y avait 38 ambulances bloquées pendant une journée », "
           "a dit Haddad.\n\nMais il affirme que les retards montrent que le reste du système ne fonctionne pas.\n\n"
           "« Il nous faut beaucoup trop de temps pour transférer les patients. »", "Omar Haddad", 2),
])
def test_a_saying_goes_on(lang, text, speaker, n):
    assert [q.speaker for q in quotes(text, lang)] == [speaker] * n


# Before the verb, a description (a place, lowercase nouns) then the full name: the name is the subject, the
# name after the verb its addressee ("… advocate Omar Haddad told Radio Norte …", then "…,” he said).
@pytest.mark.parametrize("lang,text,speaker", [
    ("en", "Riverside tenant organiser and former nurse Lina Berg told Radio Norte the rules favour owners.\n\n"
           "“Know your rights before you sign anything,” she said.", "Lina Berg"),
    ("en", "Longtime harbour pilot Omar Haddad told Coastal News the channel is silting up.\n\n"
           "“We scrape the bottom twice a week now,” he said.", "Omar Haddad"),
    ("fr", "La militante associative et ancienne infirmière Lina Berg a confié à Radio Norte que les règles "
           "favorisent les propriétaires.\n\n« Connaissez vos droits avant de signer », a-t-elle dit.", "Lina Berg"),
])
def test_a_description_before_a_name_before_the_verb(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


# Names of months (and days) alone are nobody's, even where the article writes two of them as a run
# ("between March and October"); inside a person's name a month word stays a name ("April Ruiz").
@pytest.mark.parametrize("lang,text,speaker", [
    ("en", "The team trained hard between March and October, says the coach.\n\n"
           "“We walk every day now,” she says.", None),
    ("en", "The ferry ran late between June and August, says the operator.\n\n"
           "“We were short of crew,” he says.", None),
    ("en", "April Ruiz runs the clinic.\n\n“We could have treated twice as many,” Ruiz says.", "April Ruiz"),
])
def test_calendar_words_are_nobody(lang, text, speaker):
    assert [q.speaker for q in quotes(text, lang)][-1:] == [speaker]


# After the verb, a team or company the article names, then a title, then the name: the name ("said Sharks
# head coach Ken Lobo"); an apostrophe inside a name keeps what follows it unless it is a possessive ending.
@pytest.mark.parametrize("lang,text,speaker", [
    ("en", "The Harbour City Sharks lost again.\n\n“They owned us,” said Sharks head coach Ken Lobo.", "Ken Lobo"),
    ("en", "Shares of Norvale Power fell.\n\n“We expected worse,” said Norvale chief financial officer Ines Roth.",
     "Ines Roth"),
    ("en", "Ke'ala Kahale met the crowd.\n\n“We will come back every year,” said Kahale.", "Ke'ala Kahale"),
    ("en", "“We will come back every year,” Ke'ala said.", "Ke'ala"),
])
def test_a_titled_name_after_a_team_and_names_with_apostrophes(lang, text, speaker):
    assert [q.speaker for q in quotes(text, lang)] == [speaker]


# A phrase fronted before the subject ("Down the street, Lina Berg …", "Cuando le preguntaron, Berg …"): the
# name after its comma is the sentence's subject, the antecedent a later pronoun means; a surname alone there
# stands for the person named in full before.
@pytest.mark.parametrize("lang,text,speaker", [
    ("en", "“We need another vote,” said Ana Lima, who marched with the crowd.\n\nDown the street, Lina Berg "
           "also cheered with a group of friends. She wants the country to leave. “Leaving with nothing is the "
           "best outcome for us,” she said.", "Lina Berg"),
    ("en", "Tom Reyes pitched for ten years before he took up golf.\n\n“I feel we are trending,” said Ana Lima.\n\n"
           "When asked what is harder, pitching on the mound or putting on the green, Reyes did not hesitate.\n\n"
           "“The green, for sure,” he said.", "Tom Reyes"),
    ("pt", "\"Foi a nossa melhor partida\", disse o técnico Rui Costa.\n\nAutor de dois gols, o atacante "
           "Cleiton Sobreira dedicou a vitória à filha. \"São para ela\", contou, emocionado.", "Cleiton Sobreira"),
    ("es", "«Necesitamos otra votación», dijo Ana Lima, que marchaba con la multitud.\n\nMás abajo en la calle, "
           "Lina Berg también celebraba con sus amigas. «Creo que no hay mejor acuerdo que ninguno», dijo ella.",
     "Lina Berg"),
])
def test_the_subject_after_a_fronted_phrase(lang, text, speaker):
    assert [q.speaker for q in quotes(text, lang)][-1] == speaker


# A pronoun whose nearest antecedent is too far back and too weak to vouch for: the quotation stands, its
# speaker unknown (not dropped).
def test_a_pronoun_too_far_from_a_weak_antecedent_keeps_the_quotation():
    text = ("Coach Dana Reyes runs the youth team.\n\nAt 25, Reyes was diagnosed with a rare illness.\n\n"
            "The team raised money all winter.\n\nParents baked and sold cakes.\n\nA local shop gave jerseys.\n\n"
            "The rink offered free ice time.\n\n“They told me my kidneys were failing,” she said.")
    got = quotes(text, "en")
    assert [q.text.strip("“”,") for q in got] == ["They told me my kidneys were failing"]
    assert got[0].speaker is None and got[0].speaker_kind == "pronoun" and got[0].mention == "she"


# Where nouns are capitalised: a name followed by its affiliation ("Karl Brenner von der Kanzlei des
# Präsidenten") is the subject, and the article after its particle ends the name; a short noun phrase in
# quotes after a preposition or verb is a partial quotation, not a title ("riet zu „Ruhe und Geduld“").
@pytest.mark.parametrize("text,want", [
    ("Minister Karl Brenner von der Kanzlei des Präsidenten erklärte, die Lage bleibe weiterhin „kritisch“.",
     [("kritisch", "Karl Brenner")]),
    ("Die Ärztin Dr. Jana Vogt riet allgemein zu „Ruhe und Geduld“ bei der Behandlung.",
     [("Ruhe und Geduld", "Jana Vogt")]),
    ("Der Vereinschef Karl Brenner zu den Plänen: „Wir bauen das Stadion bis zum Sommer fertig.“",
     [("Wir bauen das Stadion bis zum Sommer fertig.", "Karl Brenner")]),
    ("Ursula von der Leyen sagte: „Wir handeln jetzt.“", [("Wir handeln jetzt.", "Ursula von der Leyen")]),
])
def test_german_affiliations_and_noun_phrase_partials(text, want):
    assert [(q.text, q.speaker) for q in quotes(text, "de")] == want


# A pronoun for a group or an organisation ("they said", "it stated"): the organisation opening a sentence
# shortly before, else the quotation with its speaker unknown, never dropped.
@pytest.mark.parametrize("lang,text,speaker", [
    ("en", "Norvale Power declined to answer most questions.\n\n“We respect the privacy of our clients,” it said.",
     "Norvale Power"),
    ("en", "The owners met the staff on Friday.\n\n“Our priority is a safe and healthy workplace,” they said.", None),
    ("fr", "Les propriétaires ont rencontré le personnel vendredi.\n\n« Notre priorité est un lieu de travail sûr », "
           "ont-ils déclaré.", None),
    ("es", "Los dueños se reunieron con el personal el viernes.\n\n«Nuestra prioridad es un lugar de trabajo seguro», "
           "dijeron ellos.", None),
    ("ru", "Владельцы встретились с персоналом в пятницу.\n\n«Наш приоритет — безопасное рабочее место», — заявили они.",
     None),
    ("en", "SEE ALSO: Harbour council votes on ferries\n\nThe group met on Friday.\n\n“We are alarmed by the "
           "arrests,” it stated.", None),
])
def test_a_group_pronoun(lang, text, speaker):
    got = quotes(text, lang)
    assert len(got) == 1 and got[0].speaker == speaker and got[0].mention


# A source phrase opened by a possessive keeps it ("her office", "his wife"): the possessive says whose.
@pytest.mark.parametrize("lang,text,speaker", [
    ("en", "Ana Lima did not comment.\n\n“The senator has nothing further to add on this,” her office said.",
     "her office"),
    ("en", "Tom Reyes spoke last.\n\n“They are still with you,” his wife told the crowd.", "his wife"),
    ("en", "Ana Lima spoke.\n\nHours later, her Twitter account posted: “Thank you all for coming out tonight.”",
     "her Twitter account"),
])
def test_a_possessive_source_phrase(lang, text, speaker):
    assert [q.speaker for q in quotes(text, lang)] == [speaker]


# German: a compound naming a job or a part before a full name is no part of it ("Kreisbrandmeister",
# "Stammkunde"); a description after the verb followed by the one told ("die 66-Jährige der Zeitung") is the
# person named before.
@pytest.mark.parametrize("text,speaker", [
    ("„Es ging alles sehr schnell“, sagte Kreisbrandmeister Jürgen von Talheim am Abend.", "Jürgen von Talheim"),
    ("„Einfach himmlisch“, schwärmt Stammkunde Henning Vries.", "Henning Vries"),
    ("„Wir sind bereit“, sagte Hans Peter Meister.", "Hans Peter Meister"),
    ("Gertrud Wiesner führt die Mühle seit 1980.\n\n„Mein halbes Leben steckt in diesen Mauern“, sagte die 66-Jährige "
     "der Zeitung.", "Gertrud Wiesner"),
])
def test_german_job_compounds_and_descriptions(text, speaker):
    assert [q.speaker for q in quotes(text, "de")] == [speaker]


# A surname opened by particles, written alone after the full name ("La Rosa", "Lo Curto", "von der Leyen",
# "de la Vega"): the full name.
@pytest.mark.parametrize("lang,text,speaker", [
    ("it", "Il ministro Ignazio La Rosa ha parlato.\n\n«Siamo pronti», ha detto La Rosa.", "Ignazio La Rosa"),
    ("it", "Il procuratore Salvatore Lo Curto ha parlato ieri.\n\n«Abbiamo smantellato una rete», ha detto Lo Curto.",
     "Salvatore Lo Curto"),
    ("de", "Ursula von der Leyen sprach lange.\n\n„Wir handeln jetzt sofort“, sagte von der Leyen.", "Ursula von der Leyen"),
    ("es", "La jueza Marta de la Vega habló ayer.\n\n«No hay pruebas suficientes», dijo de la Vega.", "Marta de la Vega"),
])
def test_a_surname_with_particles(lang, text, speaker):
    assert [q.speaker for q in quotes(text, lang)] == [speaker]


# A full name in apposition to a definite description opening the sentence ("Die Pächterin der Mühle, Gertrud
# Wiesner, …") is the sentence's subject: the antecedent of a later description or pronoun.
def test_a_name_in_apposition_to_a_description():
    text = ("„Das Wohnhaus blieb verschont“, so Kommandant Jörg Brand.\n\nDie Pächterin der Mühle, Gertrud Wiesner, "
            "ringt um Fassung. „Mein halbes Leben steckt in diesen Mauern“, sagte die 66-Jährige der Zeitung.")
    assert [q.speaker for q in quotes(text, "de")] == ["Jörg Brand", "Gertrud Wiesner"]


# A short description after the verb or "according to" ("ha detto l'attaccante", "по словам полузащитника",
# in a language without articles a bare noun) is the person the paragraph just named, even in passing
# ("con una doppietta di Ottorino Pennacchi"); a document or an organisation is nobody.
@pytest.mark.parametrize("lang,text,speaker", [
    ("it", "La Pergolettese ha battuto la Triestina con una doppietta di Marco Fabbri. «Questi gol sono per la mia "
           "compagna», ha detto "
           "l'attaccante a fine partita.", "Marco Fabbri"),
    ("ru", "Капитан «Вымпела» Тимур Сафин не скрывал усталости. По словам полузащитника, ничья досталась «ценой "
           "последних сил».", "Тимур Сафин"),
    ("es", "El Betis ganó con dos goles de Marco Fabbri. «Estos goles son para mi pareja», dijo el delantero.",
     "Marco Fabbri"),
    ("de", "Der Kreis hat Klara Brandt angeschrieben. „Behandelt wird die Sicherstellung der Kinder“, heißt es in "
           "dem Schreiben.", "dem Schreiben"),
])
def test_a_description_after_the_verb_is_the_person_just_named(lang, text, speaker):
    assert [q.speaker for q in quotes(text, lang)][-1:] == [speaker]


# A title written out ends its sentence at a full stop ("… à filha.", "… thanked the mayor."); only an initial
# or a short capitalised title ("Dr.", "Sen.") is an abbreviation whose dot may end nothing.
@pytest.mark.parametrize("lang,text,speaker", [
    ("pt", "O técnico Cleiton Sobreira dedicou o título à filha. \"Ela esteve em todos os jogos da época\", contou.",
     "Cleiton Sobreira"),
    ("en", "Coach Ana Lima thanked the mayor. \"We could not have done it without the city and its people,\" she said.",
     "Ana Lima"),
    ("en", "“We will vote on Friday,” said Sen. Ana Lima.", "Ana Lima"),
])
def test_a_written_out_title_ends_its_sentence(lang, text, speaker):
    assert [q.speaker for q in quotes(text, lang)] == [speaker]


# Speech acts that frame a partial quotation in their sentence ("pidió «…»", "habló de «…»", "a réclamé « … »").
@pytest.mark.parametrize("lang,text,want", [
    ("es", "El sindicato, en boca de su líder Pilar Soto, pidió «garantías de empleo estable».",
     [("garantías de empleo estable", "Pilar Soto")]),
    ("es", "La alcaldesa Pilar Soto habló de «un día histórico para la ciudad».",
     [("un día histórico para la ciudad", "Pilar Soto")]),
    ("pt", "O prefeito Rui Costa pediu \"paciência e colaboração\" aos moradores.",
     [("paciência e colaboração", "Rui Costa")]),
    ("fr", "La maire Claire Morel a réclamé « un vrai plan de transport » pour la ville.",
     [("un vrai plan de transport", "Claire Morel")]),
])
def test_speech_acts_frame_partial_quotations(lang, text, want):
    assert [(q.text, q.speaker) for q in quotes(text, lang)] == want


# German: "„…“, so der 45-Jährige" (a description after "so") and "sagte der 45-Jährige" are the person just named,
# whose name may follow an article and an agent noun ("Der Leipziger Bildhauer Benedikt Rauhut").
@pytest.mark.parametrize("text,speaker", [
    ("Der Leipziger Bildhauer Benedikt Rauhut stellt erstmals in Tokio aus. „Davon träumte ich lange“, so der "
     "45-Jährige.", "Benedikt Rauhut"),
    ("Der Leipziger Bildhauer Benedikt Rauhut stellt erstmals in Tokio aus. „Davon träumte ich lange“, sagte "
     "der 45-Jährige.", "Benedikt Rauhut"),
    ("„Das ist für uns ein großer Tag“, so der Verband.", "der Verband"),
    # a hyphenated compound ending in a job is a title: its name speaks after a short predicate and a colon
    ("Verdi-Bevollmächtigter Jan Rudel kündigte Protest an: „Kein Standort wird kampflos aufgegeben.“", "Jan Rudel"),
    # a quoted noun phrase opened by an indefinite article is no title: "sei „ein Trauerspiel“ gewesen"
    ("Kapitän Jonas Weil ärgerte sich über die Chancen. Der Auftritt sei „ein Trauerspiel“ gewesen, meinte der "
     "Abwehrspieler.", "Jonas Weil"),
    # a phrase fronted before the verb is no subject; the subject follows the verb (verb second)
    ("Zur Erklärung sagte eine Forscherin: „Das betrifft sehr viele Patienten im ganzen Land.“",
     "eine Forscherin"),
    ("Zur Lage des Vereins sagte Jan Ott: „Wir stehen vor schweren Monaten.“", "Jan Ott"),
    # a name, an auxiliary and a prepositional phrase before the participle
    ("Museumsdirektor Jan Ott hat zum Auftakt der Messe erklärt: „Das ist ein großer Tag für die Stadt.“",
     "Jan Ott"),
])
def test_german_frames_and_descriptions(text, speaker):
    assert [q.speaker for q in quotes(text, "de")] == [speaker]


# A title and one capitalised word before a colon: a surname ("Polizeipräsident Zierke: „…“"); not where a title
# takes a capitalised complement (Romanian "Ministrul Culturii").
@pytest.mark.parametrize("lang,text,speaker", [
    ("de", "Polizeipräsident Zierke: „Wir werden die Streifen im Hafen verdoppeln.“", "Zierke"),
    ("en", "Minister Hale: “We will not back down on this.”", "Hale"),
    ("es", "El ministro Salcedo: «No vamos a dar marcha atrás en esto.»", "Salcedo"),
])
def test_a_title_and_a_surname_before_a_colon(lang, text, speaker):
    assert [q.speaker for q in quotes(text, lang)] == [speaker]


# An age description opening a sentence ("The 52-year-old had …") is the person named before, no new subject
# a later pronoun might mean; a speaker's surname with a possessive ending ("Haddad's tone") is a mention of them.
@pytest.mark.parametrize("text,speaker", [
    ("Omar Haddad placed 12th last season.\n\nHe said he had worked on his serve. The 52-year-old had 40 wins "
     "in all.\n\n“I gave away too many points at the net,” he said.", "Omar Haddad"),
    ("“Our harbour is open to all,” Omar Haddad said.\n\nLater, Haddad's calm manner gave way when he spoke of "
     "cuts.\n\n“When budgets shrink, the poorest pay first,” he said.", "Omar Haddad"),
])
def test_an_age_description_and_a_possessive_surname_keep_the_antecedent(text, speaker):
    assert [q.speaker for q in quotes(text, "en")][-1] == speaker


# After the verb, the one told comes first ("disse ao PÚBLICO a vereadora …", "dijo a los periodistas el
# ministro …"); "according to" may follow the quotation, set off by a comma ("« … », selon le défenseur X").
@pytest.mark.parametrize("lang,text,speaker", [
    ("pt", "«A obra atrasou com a chuva», disse ao DIÁRIO a vereadora da Cultura, Inês Valadouro.",
     "Inês Valadouro"),
    ("es", "«La obra se retrasó por la lluvia», dijo a los periodistas el ministro Juan Pardo.", "Juan Pardo"),
    ("fr", "Un match nul qui « laisse des regrets », selon le défenseur Killian Moreuil.", "Killian Moreuil"),
    ("it", "La Pergolettese ha vinto con una doppietta di Marco Fabbri. «Questi gol sono per la mia compagna», "
           "ha detto l'attaccante.",
     "Marco Fabbri"),
    # a partitive, then the name in apposition: "uno dei due, Nicola Ghini", "one of the two, Nick Gent"
    ("it", "“Aveva un'ala ferita, non volava”, ha raccontato al Corriere uno dei due, Nicola Ghini.", "Nicola Ghini"),
    ("en", "“Its wing was hurt and it could not fly,” said one of the two, Nick Gent.", "Nick Gent"),
])
def test_the_one_told_and_according_to_after(lang, text, speaker):
    assert [q.speaker for q in quotes(text, lang)] == [speaker]


# A participle's subject is the main clause's ("…, calling it a “…”", "…, diciendo «…»"), not the words
# next to it (the plan, the scene).
@pytest.mark.parametrize("lang,text,want", [
    ("en", "Ana Lima left the meeting early, describing the market as “a madhouse today.”",
     [("a madhouse today.", "Ana Lima")]),
    ("en", "Ana Lima criticized the plan, calling it a “slow surrender.”", [("slow surrender.", "Ana Lima")]),
    ("en", "Ana Lima criticized the plan on Monday, saying “this is a takeover of our country.”",
     [("this is a takeover of our country.", "Ana Lima")]),
    ("es", "Ana Lima criticó el plan el lunes, diciendo que «es una toma del país entero».",
     [("es una toma del país entero", "Ana Lima")]),
])
def test_a_participle_takes_the_main_clause_subject(lang, text, want):
    assert [(q.text, q.speaker) for q in quotes(text, lang)] == want


# A named subject, a short predicate and a colon before a quoted sentence whose full stop stands after the
# closing mark ("… ya prepara otra película: "Será un musical"."); a full name opening its paragraph
# is as sure an antecedent as a reporting verb's subject.
@pytest.mark.parametrize("lang,text,speaker", [
    ("es", "La directora Inés de la Vega habló en Bilbao. «Rodé en mi pueblo», contó ella.\n\n"
           "De la Vega ya prepara otra película: \"Será un musical. Me apetece cantar\".",
     "Inés de la Vega"),
    ("es", "Camila Ibargüen Ruiz, la nadadora que ganó el oro, llegó ayer a Cali.\n\n"
           "\"Sigo sin asimilarlo. El año pasado no podía ni nadar\", afirmó a este diario a su llegada.",
     "Camila Ibargüen Ruiz"),
])
def test_colon_frames_and_paragraph_subjects(lang, text, speaker):
    assert [q.speaker for q in quotes(text, lang)][-1] == speaker


# A given name, a particle and more capitalised words are one name ("Maria do Carmo Lobato"), unlike a noun or a
# title before the particle ("Ministra de Sanidad Carla Diez", "Meinung von Lisa Hartmann").
@pytest.mark.parametrize("lang,text,speaker", [
    ("pt", "Maria do Carmo Lobato, 79 anos, costura para o bairro inteiro há meio século.\n\n"
           "«Antes faziam fila à porta. Agora ninguém manda arranjar nada», lamenta.", "Maria do Carmo Lobato"),
    ("es", "«Vamos a reforzar la vigilancia», dijo la Ministra de Sanidad Carla Diez.", "Carla Diez"),
])
def test_a_given_name_and_a_particle(lang, text, speaker):
    assert [q.speaker for q in quotes(text, lang)][-1] == speaker


# A dropped subject after a sentence opened by an indefinite description ("Uma moradora … contou que …") means
# that unnamed one, not the person quoted before.
@pytest.mark.parametrize("lang,text", [
    ("pt", "\"A água já baixou na rua principal\", disse o tenente Rui Moura.\n\nUma moradora que pediu anonimato "
           "contou que acordou com o barulho. \"Parecia um rio a passar dentro de casa\", relatou."),
    ("es", "«El agua ya bajó en la calle principal», dijo el teniente Rui Moura.\n\nUna vecina que pidió el anonimato "
           "contó que la despertó el ruido. «Parecía un río pasando por dentro de casa», relató."),
])
def test_a_dropped_subject_after_an_indefinite_description(lang, text):
    assert [q.speaker for q in quotes(text, lang)][-1] != "Rui Moura"


# A possessive before a description: the description is the source, not the possessor.
@pytest.mark.parametrize("lang,text", [
    ("en", "Ana Lima lost the vote.\n\n“That was outrageous,” Lima's longtime press adviser said."),
    ("en", "“That was outrageous,” the senator's longtime press aide said."),
])
def test_a_possessor_is_not_the_source(lang, text):
    got = quotes(text, lang)
    assert len(got) == 1 and got[0].speaker not in ("Lima", "Lima's", "Ana Lima") and got[0].speaker_kind != "person"


# Offices of courts, parliaments and churches are titles, stripped from the name with what qualifies them.
@pytest.mark.parametrize("text,speaker", [
    ("“We will vote on Friday,” said House Speaker Paul Rowe.", "Paul Rowe"),
    ("Harbour County Supreme Court Justice Ana Lima ruled on Monday. “The case is closed,” Lima said.", "Ana Lima"),
    ("“We pray for the families,” said Pastor Joseph Brine.", "Joseph Brine"),
])
def test_offices_are_titles(text, speaker):
    assert [q.speaker for q in quotes(text, "en")] == [speaker]


def test_a_name_in_a_clause_with_its_affiliation_before_the_verb():
    text = ("Omar Haddad runs the paramedics' union.\n\n“There were 38 ambulances stuck for a day,” said Haddad.\n\n"
            "Lina Berg with the regional hospital board says the delays have several causes.\n\n"
            "“Our wards take the most urgent patients before anyone else.”")
    assert [s for _, s in pairs(quotes(text, "en"))] == ["Omar Haddad", "Lina Berg"]


# A kinship or neighbour noun before one capitalised word names that person ("mia sorella Giulia"), as an
# honorific does; the name ends at punctuation ("… says her partner, Jo Lee. The shop …").
@pytest.mark.parametrize("lang,text,speaker", [
    ("it", "Mia sorella Giulia ha provato la bicicletta nuova. «Adesso capisco perché piace a tutti», ha commentato.",
     "Giulia"),
    ("ru", "Моя подруга Лена бегает в этом парке по утрам. «Лучше всего тут в семь, пока нет собак», — говорит она.",
     "Лена"),
    ("pt", "Minha irmã Carla experimentou a bicicleta nova. «Agora entendo por que todos falam dela», comentou ela.",
     "Carla"),
    ("fr", "Mon amie Chantal habite le quartier depuis vingt ans. « Le marché du jeudi, c'est le mieux », dit-elle.",
     "Chantal"),
    ("en", "My neighbour Rosa has lived here for forty years. “The street was quieter back then,” she said.", "Rosa"),
    ("en", "The shop belongs to Ana Lima and her partner, Jo Lee. The Riverside shop opened in May.\n\n"
           "“We never close on Sundays,” Lima said.", "Ana Lima"),
])
def test_a_kinship_noun_before_a_name(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


# Two apostrophes for a double mark, as typewritten archives write them: one mark, and none of it in the text.
@pytest.mark.parametrize("lang,text,want", [
    ("en", "''We have come here every summer since the sixties,'' said the farmer Dale Ruskin.",
     [("We have come here every summer since the sixties", "Dale Ruskin")]),
    ("en", "Dale Ruskin, a farmer, said: ''Nobody sells corn like this anymore. Nobody.''",
     [("Nobody sells corn like this anymore. Nobody.", "Dale Ruskin")]),
    ("es", "''No volveremos a cerrar la plaza en verano'', dijo la alcaldesa Nuria Salcedo.",
     [("No volveremos a cerrar la plaza en verano", "Nuria Salcedo")]),
])
def test_two_apostrophes_are_one_double_mark(lang, text, want):
    assert pairs(quotes(text, lang)) == want


# A generational suffix ("Jr.") is no part of the speaker's name, written out or reached from the surname.
@pytest.mark.parametrize("lang,text,speaker", [
    ("en", "Senator Paul Harrow Jr. opened the session. “We will not pass this budget without the school money,” "
           "Harrow said.", "Paul Harrow"),
    ("en", "“The vote is on Friday and it will be close,” said Paul Harrow Sr., the party's treasurer.", "Paul Harrow"),
    ("es", "«Votaremos el viernes y será muy ajustado», dijo Pablo Herrera Jr., tesorero del partido.", "Pablo Herrera"),
])
def test_a_generational_suffix_ends_the_name(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


# A name written with a middle initial is the fuller form of the same name without it, whichever the article
# writes first (a headline's shorter form does not win).
@pytest.mark.parametrize("lang,text,speaker", [
    ("en", "Marta Quill on her first court case\n\nIn her first year at the bar, Marta J. Quill took on a landlord.\n\n"
           "“The judge had never seen a tenant win before,” Quill said.", "Marta J. Quill"),
    ("en", "Tom Okafor runs the clinic. Later Tom B. Okafor added a night shift.\n\n"
           "“We see forty patients a night now,” Okafor said.", "Tom B. Okafor"),
    ("pt", "Rui Falcão chegou cedo. Rui M. Falcão fala com todos.\n\n«Aqui ninguém fica sem consulta», disse Falcão.",
     "Rui M. Falcão"),
])
def test_a_middle_initial_makes_the_fuller_name(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


# A description before a full name after the verb may hold a year and capitalised modifiers; its head noun is
# the lowercase word right before the name.
@pytest.mark.parametrize("lang,text,speaker", [
    ("en", "“My legs were gone after ten kilometres,” said 2012 Olympic champion Lisa Marr.", "Lisa Marr"),
    ("en", "“The track was slower than last year,” said two-time Boston winner Kemal Arslanov.", "Kemal Arslanov"),
    ("en", "“We lost the race on the last climb,” said 2019 Alpine Tour winner Jonas Ekwall.", "Jonas Ekwall"),
])
def test_a_description_with_a_year_before_the_name(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


# A pronoun and one lowercase word the data does not list after the quotation's comma, then the sentence's end:
# that word reports speech (“…,” she remarks.), the pronoun resolved as after any reporting verb.
@pytest.mark.parametrize("lang,text,speaker", [
    ("en", "Ana Lima runs the bakery on Elm Street.\n\n“I never planned any of this,” she remarks.", "Ana Lima"),
    ("en", "Tom Rees joined the crew in May.\n\n“The ovens are older than I am,” he grins.", "Tom Rees"),
])
def test_a_pronoun_then_an_unlisted_verb(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


def test_a_pronoun_then_a_function_word_is_no_cue():
    text = "Ana Lima runs the bakery on Elm Street.\n\n“Nobody here ever sleeps,” she never tires of telling visitors."
    assert quotes(text, "en") == []


# A verb the data does not list right after the quotation's comma or dash, then the subject's description and
# name ("sollozó la portera Ana Lima", "— выдохнула болельщица Мария Лопатина"): speech inverts verb and subject.
@pytest.mark.parametrize("lang,text,speaker", [
    ("es", "«Este título es para mi madre», sollozó la portera Daniela Cubas.", "Daniela Cubas"),
    ("es", "«¡Por fin somos campeonas!», gritaba eufórica la capitana Lucía Zabalza.", "Lucía Zabalza"),
    ("ru", "«Ну наконец-то мы дождались!» — выдохнула болельщица Мария Лопатина.", "Мария Лопатина"),
    ("de", "„Früher war hier samstags kein Parkplatz frei“, seufzte Rentner Egon Gschwendtner.", "Egon Gschwendtner"),
    ("it", "«Non ci credevo più», singhiozzava la pallavolista Gaia Morandin.", "Gaia Morandin"),
])
def test_an_unlisted_verb_then_a_described_name(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


# "According to" written as a preposition ("selon", "para", "per") names a person, or an organisation or office
# (a partial quotation after it keeps that source); nothing else.
@pytest.mark.parametrize("lang,text,speaker", [
    ("fr", "Selon la CFR, la réforme « arrive beaucoup trop tard pour les infirmières ».", "la CFR"),
    ("pt", "Para a ABV, o aumento dos preços é « inevitável e temporário ».", "a ABV"),
    ("fr", "Selon moi, la réforme « arrive beaucoup trop tard pour les infirmières ».", None),
])
def test_according_to_a_preposition_names_an_organisation(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == ([speaker] if speaker else [])


# An article before another name ("le préfet de la Haute-Sévrine, Bernard …") marks that name's gender, not the
# person's after the comma: a description of the other gender still finds the person.
@pytest.mark.parametrize("lang,text,speaker", [
    ("fr", "Le préfet de la Haute-Sévrine, Bernard Casteran, a interdit lundi l'accès aux berges du fleuve.\n\n"
           "« Le niveau de l'eau monte encore », a averti le représentant de l'État.", "Bernard Casteran"),
    ("es", "El director de la Orquesta Nacional, Tomás Rivera, dimitió ayer por sorpresa.\n\n"
           "«Me voy porque ya no me escuchan», explicó el músico.", "Tomás Rivera"),
])
def test_an_article_before_another_name_marks_no_gender(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


# A player's post before the name is a title (ru, tr data): the speaker is the name alone.
@pytest.mark.parametrize("lang,text,speaker", [
    ("ru", "«Я должен был забивать, но не смог», — признался после матча форвард Денис Ахметов.", "Денис Ахметов"),
    ("ru", "Вратарь Олег Сазонов после матча: «Такие мячи я обязан брать, это моя ошибка».", "Олег Сазонов"),
    ("tr", "“Taraftarımız bizi hiç yalnız bırakmadı”, dedi Kaptan Emre Kılıçaslan.", "Emre Kılıçaslan"),
])
def test_a_players_post_is_a_title(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


# Verbs of manner or feeling report speech the punctuation sets off (data: each language's verbs).
@pytest.mark.parametrize("lang,text,speaker", [
    ("de", "„Das war unser bestes Spiel seit Jahren“, strahlte Trainerin Petra Sudholt.", "Petra Sudholt"),
    ("fr", "« On a eu chaud jusqu'à la dernière minute », a soufflé l'entraîneur Marc Devaux.", "Marc Devaux"),
    ("it", "«Adesso nessuno potrà più dire che siamo una squadra piccola», esulta Paolo Ferretti.", "Paolo Ferretti"),
    ("pt", "«Foi a noite mais bonita da minha carreira», desabafou a cantora Inês Vidal.", "Inês Vidal"),
    ("pl", "„Na ten medal czekałam całe życie” – wyznała biegaczka Anna Zielińska.", "Anna Zielińska"),
    ("ru", "«Мы ждали этой победы целый сезон», — улыбается вратарь Олег Сазонов.", "Олег Сазонов"),
])
def test_verbs_of_manner_report_speech(lang, text, speaker):
    assert [s for _, s in pairs(quotes(text, lang))] == [speaker]


@pytest.mark.parametrize("lang,text,mention", [
    ("it", "La sindaca di Borgocerro, Ippolita Vannucchi, ha incontrato ieri i commercianti.\n\n"
           "La sindaca chiede ora alla Regione di anticipare i fondi: «Senza quei soldi il mercato non riapre».",
     "La sindaca"),
    ("es", "La alcaldesa de Villarrasa, Eufemia Zorita, recibió ayer a los comerciantes.\n\n"
           "La alcaldesa pide ahora a la Junta que adelante los fondos: «Sin ese dinero, el mercado no reabre».",
     "La alcaldesa"),
])
def test_a_listed_verb_after_a_role_is_no_modifier_of_it(lang, text, mention):
    """A role opening a colon sentence, its verb and an adverb after it ("La sindaca chiede ora …:"): the mention
    is the role, not the role and the verb."""
    got = quotes(text, lang)
    assert len(got) == 1 and got[0].speaker_kind == "role" and got[0].mention == mention
