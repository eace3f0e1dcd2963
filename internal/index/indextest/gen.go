// Package indextest makes contacts for the index's tests and benchmarks: a portal of n
// contacts as varied as a real one (names from many cultures, a long tail of surnames and
// companies made of syllables, personal and company addresses, some secondary emails),
// deterministic for a seed.
package indextest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

var (
	firsts = strings.Fields(`James Mary Michael Patricia Robert Jennifer David Linda Emily Daniel Ashley Tyler
		Oliver Amelia George Isla Harry Ava Jack Olivia Charlie Sophie Thomas Grace Siobhán Niamh Aoife
		Léa Hugo Chloé Lucas Camille Théo Inès Louis Zoé Gabriel Anaïs Jérôme Hélène François
		Lukas Anna Felix Lena Jonas Marie Maximilian Björn Åsa Sören Jürgen Ingrid Mikael
		María José Lucía Alejandro Sofía Javier Valentina Mateo Camila Santiago Andrés Ramón
		João Ana Pedro Beatriz Gustavo Larissa Thiago Mariana Luíza Caio Vinícius Tomás Leonor
		Zofia Jakub Łukasz Małgorzata Tomáš Kateřina Ayşe Mehmet Oğuz Yuki Haruto Wei Li Priya Arjun`)
	lasts = strings.Fields(`Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore Jackson
		Martin Lee Thompson Davies Evans Wright Walker Roberts Hughes Murphy Kelly Byrne McCarthy Clarke
		Bernard Dubois Petit Durand Leroy Moreau Lefèvre Fournier Girard Rousseau Müller Schmidt
		Schneider Fischer Weber Meyer Wagner Becker Schäfer Koch Johansson Andersson Nielsen Hansen Berg
		García Rodríguez Martínez López González Hernández Pérez Sánchez Silva Santos Oliveira Souza
		Nowak Kowalski Wójcik Dvořák Yılmaz Kaya Şahin Öztürk Tanaka Suzuki Wang Zhang Sharma Patel`)
	syll = strings.Fields(`ber gen ham burg stein feld wald mann son sen ler ner ka ri to mi sa lo ve da na
		ko ra li no ta re mo su ha ki ro ne ma lu vi zo fa qui cor tex vel dor ant ix um`)
	orgs = strings.Fields(`Logistics Systems Labs Group Partners Holdings Solutions Analytics Foods Motors
		Capital Health Energy Media Robotics Freight Consulting Software Design Works`)
	stages = strings.Fields(`subscriber lead marketingqualifiedlead salesqualifiedlead opportunity customer evangelist other`)
	mail   = strings.Fields(`gmail.com outlook.com yahoo.com icloud.com gmx.de web.de orange.fr free.fr uol.com.br wp.pl`)
)

// Props are the properties Contact fills, the index's default set.
var Props = []string{"firstname", "lastname", "email", "company", "lifecyclestage",
	"hs_additional_emails", "hubspot_owner_id", "createdate", "lastmodifieddate"}

// Portal makes contacts for one seed.
type Portal struct {
	r *rand.Rand
}

// New returns a portal maker for seed.
func New(seed uint64) *Portal { return &Portal{r: rand.New(rand.NewPCG(seed, 0x1d3))} }

func (p *Portal) pick(l []string) string { return l[p.r.IntN(len(l))] }

func (p *Portal) word(n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(p.pick(syll))
	}
	return b.String()
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// ascii folds a name for an address the simple way: letters outside ASCII dropped.
func ascii(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < 128 && r != ' ' && r != '\'' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Contact makes contact number i (ids are i+1): its properties by name.
func (p *Portal) Contact(i int) map[string]string {
	first := p.pick(firsts)
	last := p.pick(lasts)
	if p.r.IntN(100) < 70 { // the long tail
		last = title(p.word(2 + p.r.IntN(2)))
	}
	company := title(p.word(2)) + " " + p.pick(orgs)
	if p.r.IntN(100) < 40 {
		company = title(p.word(2+p.r.IntN(2))) + p.pick([]string{"", " Inc", " GmbH", " Ltd", " SA"})
	}
	domain := ascii(strings.Fields(company)[0]) + p.pick([]string{".com", ".de", ".io", ".co.uk", ".fr"})
	local := ascii(first) + "." + ascii(last)
	if p.r.IntN(3) == 0 {
		local = ascii(first)[:1] + ascii(last)
	}
	email := fmt.Sprintf("%s%d@%s", local, i, domain)
	if p.r.IntN(4) == 0 {
		email = fmt.Sprintf("%s%d@%s", local, i, p.pick(mail))
	}
	created := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 97 * time.Second)
	c := map[string]string{
		"firstname": first, "lastname": last, "email": email, "company": company,
		"lifecyclestage":   p.pick(stages),
		"hubspot_owner_id": fmt.Sprint(41629779 + p.r.IntN(40)),
		"createdate":       created.Format("2006-01-02T15:04:05.000Z"),
		"lastmodifieddate": created.Add(time.Duration(p.r.IntN(1e6)) * time.Second).Format("2006-01-02T15:04:05.000Z"),
	}
	if p.r.IntN(20) == 0 {
		c["hs_additional_emails"] = fmt.Sprintf("%s.%d@%s", ascii(last), i, p.pick(mail))
	}
	return c
}
