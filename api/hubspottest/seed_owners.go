package hubspottest

import (
	"hash/fnv"
	"math/rand/v2"
	"time"
)

// The seed's owners: contacts assigned to the default portal's owners (owners.go), and tasks
// with due dates around SeedBase for them, the sandbox user's (MeOwnerID) among them: some
// overdue, one due on SeedBase's day, some later, a few done. These draw from their own random
// stream and run after the rest of the seed, so the other seeded records are the same as
// without them.

// seedOwnerIDs are the owners the seed assigns contacts to (active people of DefaultOwners).
func seedOwnerIDs() []string {
	return []string{MeOwnerID, AdaOwnerID, "41629781", "41629782", "41629783", "41629784", "41629785", "41629786", "41629787", "41629788"}
}

// assignOwner gives about seven contacts in ten an owner, by a hash of the email (no draw from
// the seed's random stream).
func assignOwner(p map[string]string) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(p["email"]))
	n := int(h.Sum32() % 100)
	ids := seedOwnerIDs()
	if n < 70 {
		p["hubspot_owner_id"] = ids[n%len(ids)]
	}
}

// seedMyTasks are the sandbox user's tasks: days from SeedBase's day (negative: overdue) and
// status.
func seedMyTasks() []struct {
	days   int
	status string
} {
	return []struct {
		days   int
		status string
	}{
		{-12, "NOT_STARTED"}, {-4, "IN_PROGRESS"}, {-1, "NOT_STARTED"}, {0, "NOT_STARTED"}, {1, "WAITING"},
		{2, "NOT_STARTED"}, {6, "NOT_STARTED"}, {13, "NOT_STARTED"}, {30, "NOT_STARTED"},
		{-6, "COMPLETED"}, {-2, "COMPLETED"},
	}
}

// seedOwnerTasks adds the owners' tasks, each associated with a random contact. Tasks are the
// one kind of activity whose hs_timestamp (the due date) may be after SeedBase.
func (s *seeder) seedOwnerTasks() {
	if len(s.contacts) == 0 {
		return
	}
	// Contacts are created evenly over the two years before SeedBase: those of the first year
	// (the fixtures aside, which tests count on) are older than any of these tasks.
	pool := s.contacts
	if n := len(seedFixtureContacts()); len(pool) > 2*n {
		pool = pool[n : n+(len(pool)-n)/2]
	}
	r := rand.New(rand.NewPCG(uint64(s.opts.Seed), 0x7a5c5eed))
	base := SeedBase()
	if !s.opts.TaskDay.IsZero() {
		base = s.opts.TaskDay.UTC()
	}
	day := base.Truncate(24 * time.Hour)
	add := func(owner string, days int, status string) {
		due := day.Add(time.Duration(days)*seedDay + time.Duration(9+r.IntN(8))*time.Hour)
		created := due.Add(-time.Duration(3+r.IntN(20)) * seedDay)
		if created.After(base) {
			created = base.Add(-time.Duration(1+r.IntN(48)) * time.Hour)
		}
		props := seedProps(8, "hs_task_subject", seedTaskSubjects[r.IntN(len(seedTaskSubjects))],
			"hs_task_status", status, "hs_task_priority", seedTaskPriorities[r.IntN(len(seedTaskPriorities))],
			"hs_task_type", seedTaskTypes[r.IntN(len(seedTaskTypes))], "hs_timestamp", isoTime(due), "hubspot_owner_id", owner)
		t := s.insert(Tasks, created, props, "CRM_UI")
		s.link(pool[r.IntN(len(pool))], t, 0)
	}
	for _, m := range seedMyTasks() {
		add(MeOwnerID, m.days, m.status)
	}
	for _, owner := range seedOwnerIDs()[1:] {
		for range 3 {
			add(owner, r.IntN(30)-10, "NOT_STARTED")
		}
	}
}
