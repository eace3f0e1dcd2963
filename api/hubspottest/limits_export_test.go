package hubspottest

// DailyUsageForTest exposes dailyUsage to the external tests.
func DailyUsageForTest(s *Sandbox) (used, limit int) { return s.dailyUsage() }
