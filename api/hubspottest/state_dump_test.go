package hubspottest

import (
	"fmt"
	"slices"
	"strings"
)

// logicalDump is everything a sandbox's clients can see of its data, as text: every record
// (archived ones included) with its properties and their whole history, its associations with
// their types in order, the unique values, the merged ids, the blocklist and the next id. Two
// sandboxes with the same dump answer every request the same; it does not depend on how the
// store encodes them.
func logicalDump(sb *Sandbox) string {
	var b strings.Builder
	_ = sb.store.View(func(tx *Tx) error {
		for _, typ := range objectTypes {
			tx.All(typ, func(o *Object) bool {
				fmt.Fprintf(&b, "%s %s created=%s updated=%s archived=%v", typ, o.ID, isoTime(o.CreatedAt), isoTime(o.UpdatedAt), o.Archived)
				if o.Archived {
					fmt.Fprintf(&b, " at=%s", isoTime(o.ArchivedAt))
				}
				b.WriteString("\n")
				for _, k := range slices.Sorted(mapKeys(o.Props)) {
					fmt.Fprintf(&b, "  %s=%q\n", k, o.Props[k])
				}
				for _, k := range slices.Sorted(mapKeys(o.History)) {
					for _, h := range o.History[k] {
						fmt.Fprintf(&b, "  history %s %q %s %s %q\n", k, h.Value, isoTime(h.Timestamp), h.SourceType, h.SourceID)
					}
				}
				for _, to := range objectTypes {
					for _, k := range tx.Associated(typ, o.ID, to) {
						fmt.Fprintf(&b, "  -> %s %s %v\n", to, k.ToID, tx.AssocTypes(k))
					}
				}
				return true
			})
		}
		for _, k := range slices.Sorted(mapKeys(tx.s.unique)) {
			fmt.Fprintf(&b, "unique %q %s\n", k, tx.s.unique[k])
		}
		for _, k := range slices.Sorted(mapKeys(tx.s.merged)) {
			fmt.Fprintf(&b, "merged %s %s\n", k, tx.s.merged[k])
		}
		for _, k := range slices.Sorted(mapKeys(tx.s.blocklist)) {
			fmt.Fprintf(&b, "blocked %s\n", k)
		}
		fmt.Fprintf(&b, "nextId %d\n", tx.s.nextID)
		return nil
	})
	return b.String()
}
