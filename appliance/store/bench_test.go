package store

import "testing"

// BenchmarkDomainWrite measures one acknowledged domain write: a record,
// its audit entry and its outbox entry in one fsynced bbolt commit.
func BenchmarkDomainWrite(b *testing.B) {
	db, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := db.Update("bench", func(tx *Tx) error {
			id, err := tx.NextID("items")
			if err != nil {
				return err
			}
			it := item{Name: "王建国"}
			if err := tx.Put("items", IDKey(id), it); err != nil {
				return err
			}
			if err := tx.Audit("item.create", "item/x", nil, it); err != nil {
				return err
			}
			return tx.Outbox("item", it)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyAudit10k measures `bianmin audit verify` over 10,000 entries.
func BenchmarkVerifyAudit10k(b *testing.B) {
	db, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for i := 0; i < 100; i++ {
		db.Update("bench", func(tx *Tx) error {
			for j := 0; j < 100; j++ {
				if err := tx.Audit("item.create", "item/x", nil, item{Name: "x"}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res, err := db.VerifyAudit(); err != nil || !res.OK {
			b.Fatal(res, err)
		}
	}
}
