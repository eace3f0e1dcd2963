package main

import (
	"encoding/binary"
	"os"

	bolt "go.etcd.io/bbolt"

	"github.com/hubcontacts/hubcontacts/internal/index"
	"github.com/hubcontacts/hubcontacts/internal/index/indextest"
)

// The bbolt candidate: the contacts in one bucket (key: the id, 8 bytes big-endian, so in
// HubSpot's list order; value: the properties' values, each a uvarint length and its bytes),
// read into the index's in-memory table (columns and word dictionaries) at start.

var bucket = []byte("contacts")

func bboltLoad(path string, n int) (perSec float64, bytesPer float64) {
	os.Remove(path)
	db, err := bolt.Open(path, 0o600, &bolt.Options{NoFreelistSync: true, FreelistType: bolt.FreelistMapType})
	check(err)
	p := indextest.New(1)
	var buf []byte
	start := now()
	for i := 0; i < n; i += 100 {
		check(db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists(bucket)
			if err != nil {
				return err
			}
			for j := i; j < min(n, i+100); j++ {
				c := p.Contact(j)
				buf = buf[:0]
				for _, prop := range indextest.Props {
					buf = binary.AppendUvarint(buf, uint64(len(c[prop])))
					buf = append(buf, c[prop]...)
				}
				if err := b.Put(binary.BigEndian.AppendUint64(nil, uint64(j+1)), append([]byte(nil), buf...)); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	perSec = float64(n) / since(start).Seconds()
	check(db.Close())
	fi, _ := os.Stat(path)
	return perSec, float64(fi.Size()) / float64(n)
}

// bboltOpen opens the file and builds the table from it.
func bboltOpen(path string) *index.Table {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	check(err)
	defer db.Close()
	t := index.NewTable(indextest.Props)
	vals := map[string]string{}
	check(db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
			clear(vals)
			for _, prop := range indextest.Props {
				l, m := binary.Uvarint(v)
				if l > 0 {
					vals[prop] = string(v[m : m+int(l)])
				}
				v = v[m+int(l):]
			}
			t.Put(int64(binary.BigEndian.Uint64(k)), vals)
			return nil
		})
	}))
	t.Finish()
	return t
}

type tableFind struct{ t *index.Table }

func (f tableFind) find(text string) (int, int, bool) {
	got := f.t.Find(text, f.t.Order(index.Sort{}), screen)
	return len(got.Hits), got.Matches, got.Estimate
}
