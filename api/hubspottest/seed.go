package hubspottest

// Seed fills the store with deterministic data from opts.Seed and the sizes in opts.
func Seed(*Store, Options) {}
