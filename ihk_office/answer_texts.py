"""The office's first three standard answers, in German and English (Markdown; `#` becomes a second-level
heading under the page's title). `seed_standard_answers()` (ihk_office.demo) adds them where they are missing;
staff edit them afterwards under /intern/auskunft/, so a later change here does not overwrite their text.

Figures follow the IHK-Gesetz (IHKG) and SGB III as of 2026 and are phrased with care ("in der Regel"): the
binding figures are those of the chamber's Wirtschaftssatzung and of the notice itself.
"""

STARTING_A_BUSINESS = {
    "slug": "existenzgruendung",
    "position": 10,
    "show_consultation_day": True,
    "title_de": "Existenzgründung",
    "title_en": "Starting a business",
    "summary_de": "Sie möchten sich selbstständig machen? Die wichtigsten Schritte von der Idee bis zur "
                  "Gewerbeanmeldung – und wo Sie kostenlos Rat bekommen.",
    "summary_en": "You want to become self-employed? The main steps from the idea to registering your "
                  "business – and where to get advice free of charge.",
    "body_de": """\
# Die Schritte im Überblick

1. **Idee prüfen und Businessplan schreiben.** Wer sind Ihre Kundinnen und Kunden, was bieten Sie an, wer sind
   die Mitbewerber, was kostet der Start und wovon leben Sie in den ersten Monaten? Ein Businessplan mit Umsatz-,
   Kosten- und Liquiditätsplanung hilft vor allem Ihnen selbst; Banken und Förderstellen verlangen ihn in der
   Regel.
2. **Rechtsform wählen.** Einzelunternehmen, GbR, GmbH oder UG (haftungsbeschränkt) unterscheiden sich bei
   Haftung, Gründungskosten, Buchführung und Steuern. Eine GmbH oder UG wird beim Notar gegründet und in das
   Handelsregister eingetragen.
3. **Finanzierung klären.** Eigenkapital, Bankkredit, Förderkredite der KfW und der NRW.BANK, Bürgschaften der
   Bürgschaftsbank NRW. Förderanträge müssen fast immer *vor* dem Start gestellt werden.
4. **Erlaubnisse prüfen.** Manche Tätigkeiten brauchen eine Erlaubnis oder einen Sachkundenachweis, bevor Sie
   beginnen – zum Beispiel Gastronomie mit Alkoholausschank, Bewachung, Versicherungs- und
   Immobilienvermittlung oder Güterkraftverkehr. Wir sagen Ihnen, ob das für Sie gilt.
5. **Gewerbe anmelden.** Die Gewerbeanmeldung nimmt das Gewerbeamt der Stadt entgegen, in der Ihr Betrieb liegt –
   für Hattingen die Stadt Hattingen. Das Gewerbeamt unterrichtet unter anderem das Finanzamt, die IHK und die
   Berufsgenossenschaft.
6. **Finanzamt, Berufsgenossenschaft, Versicherungen.** Nach der Anmeldung füllen Sie den *Fragebogen zur
   steuerlichen Erfassung* elektronisch über ELSTER aus. Melden Sie sich bei Ihrer Berufsgenossenschaft
   (gesetzliche Unfallversicherung) und denken Sie an Kranken- und Altersvorsorge und eine
   Betriebshaftpflichtversicherung.

Mit der Gewerbeanmeldung werden Sie automatisch Mitglied der IHK. Was das kostet und wann Gründerinnen und
Gründer befreit sind, steht unter [Beitragsbescheid](/auskunft/beitragsbescheid/).

# Beratung bei der IHK

Die IHK Mittleres Ruhrgebiet berät Gründerinnen und Gründer – in Nordrhein-Westfalen als STARTERCENTER NRW:
ein Orientierungsgespräch zu Ihrer Idee, die Durchsicht Ihres Businessplans, Hinweise zu Förderprogrammen und
Seminare zu Steuern, Finanzierung und Marketing. Das erste Gespräch ist in der Regel kostenfrei. Rufen Sie uns im
Regionalbüro Hattingen an; wir vereinbaren den Termin für Sie.

# Gründungszuschuss der Agentur für Arbeit

Wer Arbeitslosengeld I bezieht und sich hauptberuflich selbstständig macht, kann bei der Agentur für Arbeit einen
Gründungszuschuss beantragen – unbedingt *vor* dem Start. Voraussetzung ist in der Regel ein restlicher Anspruch
auf Arbeitslosengeld von mindestens 150 Tagen und die Stellungnahme einer fachkundigen Stelle zur Tragfähigkeit
des Vorhabens; diese Stellungnahme kann die IHK ausstellen. Gezahlt werden zunächst sechs Monate lang ein Betrag
in Höhe des Arbeitslosengeldes und 300 Euro monatlich für die soziale Absicherung, danach auf Antrag bis zu neun
weitere Monate 300 Euro monatlich. Einen Rechtsanspruch gibt es nicht: Die Agentur für Arbeit entscheidet im
Einzelfall.

# Später ausbilden?

Wer im eigenen Betrieb ausbilden möchte, braucht eine geeignete Ausbildungsstätte und eine fachlich und
persönlich geeignete Ausbilderin oder einen Ausbilder (oft mit Ausbildereignungsprüfung nach der AEVO). Fragen
rund um Ausbildung und Ausbildungsvertrag beantworten wir auch am Ausbildungssprechtag.
""",
    "body_en": """\
# The steps at a glance

1. **Test your idea and write a business plan.** Who are your customers, what do you offer, who are your
   competitors, what does the start cost and what will you live on in the first months? A business plan with
   sales, cost and cash-flow planning helps you first of all; banks and funding bodies usually ask for one.
2. **Choose a legal form.** A sole proprietorship, a GbR (civil-law partnership), a GmbH or a UG (limited
   liability) differ in liability, start-up costs, bookkeeping and taxes. A GmbH or UG is founded before a notary
   and entered in the commercial register.
3. **Arrange the financing.** Your own capital, a bank loan, promotional loans from KfW and NRW.BANK, guarantees
   from the Bürgschaftsbank NRW. Applications for funding almost always have to be made *before* you start.
4. **Check whether you need a licence.** Some activities need a permit or proof of expertise before you begin –
   for example serving alcohol, security services, insurance and real-estate brokerage or road haulage. We can
   tell you whether this applies to you.
5. **Register your business (Gewerbeanmeldung).** The trade office of the town where your business is located
   takes the registration – in Hattingen, the town of Hattingen. The trade office informs the tax office, the IHK
   and the statutory accident insurance (Berufsgenossenschaft), among others.
6. **Tax office, accident insurance, other insurance.** After registering, you fill in the *questionnaire for
   tax registration* (Fragebogen zur steuerlichen Erfassung) electronically via ELSTER. Register with your
   Berufsgenossenschaft (statutory accident insurance) and think of health insurance, a pension and business
   liability insurance.

With the business registration you automatically become a member of the IHK. What that costs, and when founders
are exempt, is explained under [fee notice](/en/auskunft/beitragsbescheid/).

# Advice from the IHK

The IHK Mittleres Ruhrgebiet advises founders – in North Rhine-Westphalia as a STARTERCENTER NRW: a first talk
about your idea, a review of your business plan, pointers to funding programmes and seminars on taxes, financing
and marketing. The first talk is usually free of charge. Call us at the Hattingen regional office; we will
arrange the appointment for you.

# Start-up grant from the employment agency (Gründungszuschuss)

If you receive unemployment benefit I (Arbeitslosengeld I) and become self-employed as your main occupation, you
can apply to the employment agency (Agentur für Arbeit) for a start-up grant – always *before* you start. As a
rule you need at least 150 days of remaining entitlement to unemployment benefit and a statement from an expert
body on the viability of your plan; the IHK can issue this statement. For the first six months you receive an
amount equal to your unemployment benefit plus 300 euros a month for social security, then, on application, up
to nine more months of 300 euros a month. There is no legal entitlement: the employment agency decides case by
case.

# Training apprentices later?

If you want to train apprentices in your business, you need suitable premises and a trainer who is qualified
professionally and personally (often with the trainer aptitude examination under the AEVO). We also answer
questions about training and training contracts at the training-consultation day.
""",
}

HANDING_A_BUSINESS_ON = {
    "slug": "unternehmensnachfolge",
    "position": 20,
    "show_consultation_day": False,
    "title_de": "Unternehmensnachfolge",
    "title_en": "Handing a business on",
    "summary_de": "Sie wollen Ihren Betrieb übergeben oder einen übernehmen? Früh planen, den Wert realistisch "
                  "einschätzen, die passende Nachfolge finden – und sich dabei beraten lassen.",
    "summary_en": "You want to hand your business on, or take one over? Plan early, value it realistically, "
                  "find the right successor – and get advice along the way.",
    "body_de": """\
# Früh anfangen

Eine Übergabe dauert in der Regel mehrere Jahre. Beginnen Sie am besten drei bis fünf Jahre vor dem geplanten
Ausstieg: Eine Nachfolgerin oder einen Nachfolger finden und einarbeiten, die Finanzierung, Verträge und Steuern
brauchen Zeit. Legen Sie außerdem einen Notfallplan an (Vollmachten, Zugänge, Vertretung), falls Sie unerwartet
ausfallen.

# Wer übernimmt?

- jemand aus der Familie,
- Mitarbeiterinnen oder Mitarbeiter (Management-Buy-out),
- eine Person oder ein Unternehmen von außen (Management-Buy-in oder Verkauf).

Übergeben lässt sich ein Betrieb durch Verkauf, Verpachtung, Schenkung oder im Erbfall, auch schrittweise – etwa
erst als Beteiligung, später ganz.

# Was ist der Betrieb wert?

Maßgeblich ist vor allem, was das Unternehmen künftig erwirtschaften kann (Ertragswert), nicht, was einmal
investiert wurde. Der Preis, den jemand zahlen will und finanzieren kann, weicht oft von der eigenen Vorstellung
ab. Für eine belastbare Bewertung ziehen Sie Steuerberatung, Wirtschaftsprüfung oder Sachverständige hinzu; sie
klären auch die steuerlichen Folgen, etwa beim Veräußerungsgewinn oder bei der Erbschaft- und Schenkungsteuer.

# Nachfolge finden: die Börse nexxt-change

Die bundesweite Unternehmensbörse [nexxt-change](https://www.nexxt-change.org/) bringt Betriebe, die eine
Nachfolge suchen, mit Menschen zusammen, die ein Unternehmen übernehmen möchten. Getragen wird sie vom
Bundeswirtschaftsministerium, der KfW, den Kammerorganisationen DIHK und ZDH und weiteren Partnern. Die IHK ist
Regionalpartner: Sie hilft Ihnen beim Inserat, das ohne Ihren Namen erscheint, und stellt den Kontakt zu
Interessierten her.

# Beratung bei der IHK

Die IHK berät Übergebende und Übernehmende vertraulich und in der Regel kostenfrei: erste Orientierung, ein
Fahrplan für die Übergabe, Finanzierung und Förderung (zum Beispiel Förderkredite der KfW und der NRW.BANK,
Bürgschaften der Bürgschaftsbank NRW) und Veranstaltungen zur Nachfolge. Rufen Sie uns im Regionalbüro an – wir
vermitteln das Gespräch.
""",
    "body_en": """\
# Start early

Handing a business on usually takes several years. Ideally, start three to five years before you plan to step
down: finding and training a successor, the financing, contracts and taxes all take time. Also prepare an
emergency plan (powers of attorney, access to accounts, who stands in) in case you are suddenly unable to work.

# Who takes over?

- someone from the family,
- employees (management buy-out),
- a person or a company from outside (management buy-in or sale).

A business can be handed on by sale, lease, gift or inheritance, also step by step – for example first as a
share, later in full.

# What is the business worth?

What counts above all is what the business can earn in the future (its capitalised earnings value), not what was
once invested. The price someone is willing to pay and able to finance often differs from the owner's idea. For a
sound valuation, involve a tax adviser, an auditor or an expert; they will also explain the tax consequences, for
example on the capital gain or on inheritance and gift tax.

# Finding a successor: the nexxt-change exchange

The nationwide business exchange [nexxt-change](https://www.nexxt-change.org/) brings together businesses looking
for a successor and people who want to take over a company. It is run by the Federal Ministry for Economic
Affairs, KfW, the chambers' umbrella organisations DIHK and ZDH and further partners. The IHK is a regional
partner: it helps you with your listing, which appears without your name, and puts you in touch with interested
people.

# Advice from the IHK

The IHK advises those handing on and those taking over, in confidence and usually free of charge: a first
orientation, a timetable for the handover, financing and funding (for example promotional loans from KfW and
NRW.BANK, guarantees from the Bürgschaftsbank NRW) and events on succession. Call us at the regional office – we
will arrange the talk.
""",
}

FEE_NOTICE = {
    "slug": "beitragsbescheid",
    "position": 30,
    "show_consultation_day": False,
    "title_de": "Beitragsbescheid",
    "title_en": "Membership-fee notice",
    "summary_de": "Warum zahlt mein Betrieb einen IHK-Beitrag, wie setzt er sich zusammen, wer ist befreit – und "
                  "an wen wende ich mich mit Fragen zum Bescheid?",
    "summary_en": "Why does my business pay an IHK fee, how is it made up, who is exempt – and whom do I ask about "
                  "the notice?",
    "body_de": """\
# Warum ein Beitrag?

Wer ein Gewerbe betreibt, ist kraft Gesetzes Mitglied der IHK, in deren Bezirk der Betrieb liegt (§ 2
IHK-Gesetz): Einzelunternehmen, Personen- und Kapitalgesellschaften, die der Gewerbesteuer unterliegen. Die
Mitgliedschaft beginnt mit der Gewerbeanmeldung; einen Aufnahmeantrag gibt es nicht. Nicht Mitglied sind zum
Beispiel Freiberuflerinnen und Freiberufler, weil sie keine Gewerbesteuer zahlen; Handwerksbetriebe gehören in
der Regel zur Handwerkskammer.

Mit den Beiträgen finanziert die IHK ihre gesetzlichen Aufgaben: das Gesamtinteresse der Wirtschaft in der Region
vertreten, die Berufsausbildung und ihre Prüfungen, Beratung und Auskünfte – wie diese hier.

# Grundbeitrag und Umlage

Der Beitrag hat zwei Teile (§ 3 Abs. 3 IHK-Gesetz):

- **Grundbeitrag:** ein fester Betrag, gestaffelt nach der Leistungskraft des Betriebs – etwa nach Gewerbeertrag
  oder Gewinn und danach, ob der Betrieb im Handelsregister eingetragen ist.
- **Umlage:** ein Prozentsatz des Gewerbeertrags (wird kein Gewerbesteuermessbetrag festgesetzt: des Gewinns aus
  Gewerbebetrieb). Bei Einzelunternehmen und Personengesellschaften wird vorher ein Freibetrag von 15.340 Euro
  abgezogen.

Die Staffel des Grundbeitrags und den Hebesatz der Umlage beschließt die Vollversammlung der IHK jedes Jahr in
der Wirtschaftssatzung. Die Zahlen erhält die IHK vom Finanzamt. Deshalb wird in der Regel zunächst vorläufig
nach den zuletzt bekannten Zahlen veranlagt und abgerechnet, sobald die Zahlen des Beitragsjahres feststehen.

# Wer ist befreit?

- **Kleingewerbe:** Natürliche Personen und Personengesellschaften, die nicht im Handelsregister eingetragen
  sind, zahlen keinen Beitrag, solange ihr Gewerbeertrag (oder Gewinn aus Gewerbebetrieb) 5.200 Euro im Jahr nicht
  übersteigt (§ 3 Abs. 3 Satz 3 IHK-Gesetz).
- **Existenzgründung:** Natürliche Personen, die nicht im Handelsregister eingetragen sind, sind im Jahr der
  Gründung und im Jahr danach von Grundbeitrag und Umlage befreit, im dritten und vierten Jahr von der Umlage –
  solange ihr Gewerbeertrag (oder Gewinn) 25.000 Euro nicht übersteigt. Voraussetzung ist, dass sie in den fünf
  Jahren vor der Gründung keine Einkünfte aus Gewerbebetrieb, selbstständiger Arbeit oder Land- und
  Forstwirtschaft hatten und nicht zu mehr als einem Zehntel an einer Kapitalgesellschaft beteiligt waren (§ 3
  Abs. 3 Satz 4 IHK-Gesetz).

Ob eine Befreiung greift, prüft die IHK anhand der Angaben des Finanzamts; wenn Sie meinen, dass sie für Sie gilt,
sprechen Sie uns an.

# Fragen zum Bescheid

- Ansprechperson und Telefonnummer der Beitragsabteilung der IHK Mittleres Ruhrgebiet in Bochum stehen auf Ihrem
  Bescheid. Halten Sie die Beitrags- bzw. Mitgliedsnummer bereit.
- Hat sich Ihr Gewinn deutlich geändert oder haben Sie Ihr Gewerbe abgemeldet, schicken Sie den neuen
  Gewerbesteuermessbescheid oder die Abmeldung: Der Beitrag wird dann neu berechnet.
- Gegen den Bescheid können Sie innerhalb eines Monats Widerspruch einlegen (siehe Rechtsbehelfsbelehrung auf dem
  Bescheid). Der Widerspruch schiebt die Zahlung nicht auf; wenn die Zahlung gerade schwerfällt, fragen Sie nach
  Stundung oder Ratenzahlung.
- Im Regionalbüro Hattingen helfen wir gern weiter und stellen den Kontakt her.
""",
    "body_en": """\
# Why a fee?

Anyone who runs a trade or business is by law a member of the IHK in whose district the business is located
(section 2 of the IHK Act, IHKG): sole proprietors, partnerships and companies that are subject to trade tax
(Gewerbesteuer). Membership begins with the business registration; there is no application to join. Not members
are, for example, the liberal professions (freelancers), because they pay no trade tax; craft businesses usually
belong to the chamber of crafts (Handwerkskammer).

With the fees the IHK pays for its statutory tasks: representing the overall interests of business in the region,
vocational training and its examinations, advice and information – like this page.

# Basic fee and levy

The fee has two parts (section 3 (3) IHKG):

- **Basic fee (Grundbeitrag):** a fixed amount, graded by the business's capacity – for example by trade income or
  profit, and by whether the business is entered in the commercial register.
- **Levy (Umlage):** a percentage of the trade income (if no trade-tax base amount is assessed: of the profit from
  the business). For sole proprietors and partnerships an allowance of 15,340 euros is deducted first.

The IHK's general assembly (Vollversammlung) sets the scale of the basic fee and the rate of the levy every year in
its budget statute (Wirtschaftssatzung). The IHK receives the figures from the tax office. As a rule, the fee is
therefore first assessed provisionally on the latest known figures and settled once the figures of the fee year
are final.

# Who is exempt?

- **Small businesses:** natural persons and partnerships that are not entered in the commercial register pay no
  fee as long as their trade income (or profit from the business) does not exceed 5,200 euros a year (section 3
  (3) sentence 3 IHKG).
- **Start-ups:** natural persons who are not entered in the commercial register are exempt from the basic fee and
  the levy in the year they start and the year after, and from the levy in the third and fourth year – as long as
  their trade income (or profit) does not exceed 25,000 euros. This applies if in the five years before starting
  they had no income from a trade or business, self-employment or agriculture and forestry, and held no more than a
  tenth of a corporation (section 3 (3) sentence 4 IHKG).

The IHK checks whether an exemption applies from the tax office's figures; if you think one applies to you, talk
to us.

# Questions about the notice

- The contact person and phone number of the fee department of the IHK Mittleres Ruhrgebiet in Bochum are printed
  on your notice. Have your fee or membership number ready.
- If your profit has changed considerably or you have deregistered your business, send the new trade-tax
  assessment (Gewerbesteuermessbescheid) or the deregistration: the fee is then recalculated.
- You can object to the notice within one month (see the information on legal remedies on the notice). An
  objection does not postpone payment; if paying is difficult right now, ask about a deferral or instalments.
- At the Hattingen regional office we are glad to help and put you in touch.
""",
}

STANDARD_ANSWERS = [STARTING_A_BUSINESS, HANDING_A_BUSINESS_ON, FEE_NOTICE]
