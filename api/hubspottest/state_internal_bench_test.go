package hubspottest

import (
	"fmt"
	"io"
	"testing"
)

// BenchmarkStateSnapshot20k is the encoding of a snapshot of 20,000 contacts, which SaveState
// and the log's compaction do under the store's read lock (the disk aside).
func BenchmarkStateSnapshot20k(b *testing.B) {
	sb := New(Options{Empty: true})
	_ = sb.store.Do(func(tx *Tx) error {
		for i := 0; i < 20_000; i++ {
			o := tx.Insert(Contacts, "", map[string]string{"email": fmt.Sprintf("c%d@example.com", i),
				"firstname": "First", "lastname": "Last", "phone": "+1 555 0100", "lifecyclestage": "lead"}, "IMPORT")
			tx.SetProps(o, map[string]string{"lifecyclestage": "customer"}, "CRM_UI")
		}
		return nil
	})
	b.ResetTimer()
	for range b.N {
		_ = sb.store.View(func(tx *Tx) error { _, _, err := tx.writeFullState(io.Discard, 0); return err })
	}
}
