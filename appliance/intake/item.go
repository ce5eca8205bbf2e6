package intake

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Material is one required material (申请材料) of a catalog item.
type Material struct {
	Name string `json:"name"`
	// Copies is how many copies are handed in (份数); Original says the
	// original is shown for checking (验原件) — or kept, for a form.
	Copies   int  `json:"copies"`
	Original bool `json:"original"`
	// Required: every application needs it; otherwise it is conditional
	// and Condition says when it is needed ("委托办理的").
	Required  bool   `json:"required"`
	Condition string `json:"condition,omitempty"`
}

// Item is one service of the catalog (事项) with its six public items
// (六公开: content, materials, procedure, fees, fee basis, time limit).
type Item struct {
	ID   uint64 `json:"id"`
	Code string `json:"code"` // 事项编码, unique in the catalog
	Name string `json:"name"`
	// UnitID is the unit (窗口单位) that decides; WindowIDs the windows
	// that take the applications in.
	UnitID    uint64   `json:"unit_id"`
	WindowIDs []uint64 `json:"window_ids,omitempty"`
	// Category is the case category new cases take (即办件 or 承诺件, mostly).
	Category   Category   `json:"category"`
	LegalBasis string     `json:"legal_basis"` // 设定依据
	Content    string     `json:"content"`     // 服务内容
	Materials  []Material `json:"materials"`
	Procedure  string     `json:"procedure"` // 办理流程
	Fee        string     `json:"fee"`       // 收费标准 ("不收费")
	FeeBasis   string     `json:"fee_basis"` // 收费依据
	// LegalDays is the legal time limit (法定时限) and PromisedDays the
	// center's promise (承诺时限), in working days from 受理; 0 promised
	// days: done on the spot (即办).
	LegalDays    int       `json:"legal_days"`
	PromisedDays int       `json:"promised_days"`
	Active       bool      `json:"active"`
	UpdatedBy    string    `json:"updated_by"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Limits of the catalog.
const (
	MaxCodeLen        = 40
	MaxItemNameRunes  = 80
	MaxTextRunes      = 2000 // legal basis, content, procedure
	MaxShortRunes     = 200  // fee, fee basis, a material's name or condition
	MaxMaterials      = 40
	MaxCopies         = 20
	MaxDays           = 365 // working days in a time limit
	MaxCatalogItems   = 2000
	MaxCatalogBytes   = 4 << 20
	MaxCatalogWindows = 20
)

// Buckets of the catalog.
const (
	bucketItems    = "intake.items"     // IDKey(id) → Item
	bucketItemCode = "intake.item_code" // upper-case code → IDKey(id)
)

// ErrNotFound is returned (wrapped) for an item or case that does not
// exist.
var ErrNotFound = store.ErrNotFound

// GetItemTx reads the item id.
func GetItemTx(tx *store.Tx, id uint64) (Item, error) {
	return store.GetAs[Item](tx, bucketItems, store.IDKey(id))
}

// ItemByCodeTx reads the item with the code.
func ItemByCodeTx(tx *store.Tx, code string) (Item, error) {
	b, err := tx.Bucket(bucketItemCode)
	if err != nil || b == nil {
		return Item{}, errors.Join(ErrNotFound, err)
	}
	id := b.Get([]byte(strings.ToUpper(strings.TrimSpace(code))))
	if id == nil {
		return Item{}, ErrNotFound
	}
	return GetItemTx(tx, store.KeyID(id))
}

// ItemsTx lists the catalog in code order (active only unless all). The
// catalog is small (a center has tens to a few hundred items).
func ItemsTx(tx *store.Tx, all bool) ([]Item, error) {
	items, err := store.All[Item](tx, bucketItems)
	if err != nil {
		return nil, err
	}
	if !all {
		items = slices.DeleteFunc(items, func(it Item) bool { return !it.Active })
	}
	slices.SortFunc(items, func(a, b Item) int { return strings.Compare(a.Code, b.Code) })
	return items, nil
}

// Item reads one catalog item.
func (s *Service) Item(id uint64) (Item, error) {
	return store.Read(s.db, func(tx *store.Tx) (Item, error) { return GetItemTx(tx, id) })
}

// Items lists the catalog in code order; all includes inactive items.
func (s *Service) Items(all bool) ([]Item, error) {
	return store.Read(s.db, func(tx *store.Tx) ([]Item, error) { return ItemsTx(tx, all) })
}

// SaveItem creates (ID 0) or updates an item, office only.
func (s *Service) SaveItem(a Actor, it Item) (Item, error) {
	if !a.Office() {
		return Item{}, problem.New("", errNotOffice)
	}
	return store.Write(s.db, a.Name, func(tx *store.Tx) (Item, error) {
		return saveItemTx(tx, a.Name, it)
	})
}

// saveItemTx checks and stores one item with its audit and outbox entries.
func saveItemTx(tx *store.Tx, actor string, it Item) (Item, error) {
	if err := checkItem(tx, &it).Err(); err != nil {
		return Item{}, err
	}
	codes, err := tx.Bucket(bucketItemCode)
	if err != nil {
		return Item{}, err
	}
	code := []byte(strings.ToUpper(it.Code))
	if other := codes.Get(code); other != nil && store.KeyID(other) != it.ID {
		return Item{}, problem.New("code", errCodeTaken, "Code", it.Code)
	}
	var before any
	if it.ID == 0 {
		if it.ID, err = tx.NextID(bucketItems); err != nil {
			return Item{}, err
		}
	} else {
		old, err := GetItemTx(tx, it.ID)
		if err != nil {
			return Item{}, err
		}
		before = old
		if err := codes.Delete([]byte(strings.ToUpper(old.Code))); err != nil {
			return Item{}, err
		}
	}
	it.UpdatedBy, it.UpdatedAt = actor, tx.Now().UTC()
	if err := tx.Put(bucketItems, store.IDKey(it.ID), it); err != nil {
		return Item{}, err
	}
	if err := codes.Put(code, store.IDKey(it.ID)); err != nil {
		return Item{}, err
	}
	return it, tx.AuditAndOutbox("intake.item", itemObject(it.ID), "intake.item", before, it)
}

func itemObject(id uint64) string { return "intake/item/" + strconv.FormatUint(id, 10) }

// checkItem trims the item's texts and checks them, its unit and windows,
// materials and time limits.
func checkItem(tx *store.Tx, it *Item) problem.List {
	var ps problem.List
	it.Code, it.Name = strings.TrimSpace(it.Code), strings.TrimSpace(it.Name)
	switch {
	case it.Code == "":
		ps.Add(problem.New("code", errRequired))
	case len(it.Code) > MaxCodeLen || strings.ContainsAny(it.Code, " \t|/"):
		ps.Add(problem.New("code", errCode, "Max", MaxCodeLen))
	}
	ps = append(ps, text("name", &it.Name, true, MaxItemNameRunes)...)
	ps = append(ps, text("legal_basis", &it.LegalBasis, true, MaxTextRunes)...)
	ps = append(ps, text("content", &it.Content, false, MaxTextRunes)...)
	ps = append(ps, text("procedure", &it.Procedure, true, MaxTextRunes)...)
	ps = append(ps, text("fee", &it.Fee, true, MaxShortRunes)...)
	ps = append(ps, text("fee_basis", &it.FeeBasis, false, MaxShortRunes)...)
	if it.Category == "" {
		it.Category = CategoryPromised
		if it.PromisedDays == 0 {
			it.Category = CategoryImmediate
		}
	}
	if !it.Category.Valid() {
		ps.Add(problem.New("category", errCategory))
	}
	switch {
	case it.LegalDays < 0 || it.LegalDays > MaxDays:
		ps.Add(problem.New("legal_days", errDays, "Max", MaxDays))
	case it.PromisedDays < 0 || it.PromisedDays > MaxDays:
		ps.Add(problem.New("promised_days", errDays, "Max", MaxDays))
	case it.LegalDays > 0 && it.PromisedDays > it.LegalDays:
		ps.Add(problem.New("promised_days", errPromisedOverLegal, "Promised", it.PromisedDays, "Legal", it.LegalDays))
	}
	ps = append(ps, checkMaterials(it.Materials)...)
	ps = append(ps, checkItemPlace(tx, it)...)
	return ps
}

func checkMaterials(ms []Material) problem.List {
	var ps problem.List
	if len(ms) > MaxMaterials {
		ps.Add(problem.New("materials", errMaterialCount, "Max", MaxMaterials))
	}
	seen := map[string]bool{}
	for i := range ms {
		m := &ms[i]
		if p := text("materials", &m.Name, true, MaxShortRunes); len(p) > 0 {
			ps = append(ps, p...)
			continue
		}
		ps = append(ps, text("materials", &m.Condition, false, MaxShortRunes)...)
		if seen[m.Name] {
			ps.Add(problem.New("materials", errMaterialTwice, "Name", m.Name))
		}
		seen[m.Name] = true
		if m.Copies < 0 || m.Copies > MaxCopies {
			ps.Add(problem.New("materials", errCopies, "Name", m.Name, "Max", MaxCopies))
		}
		if m.Required {
			m.Condition = ""
		}
	}
	return ps
}

// checkItemPlace checks that the unit exists and the windows are its own.
func checkItemPlace(tx *store.Tx, it *Item) problem.List {
	var ps problem.List
	u, err := staff.GetUnitTx(tx, it.UnitID)
	if err != nil {
		ps.Add(problem.New("unit", errUnit))
		return ps
	}
	if len(it.WindowIDs) > MaxCatalogWindows {
		ps.Add(problem.New("windows", errWindowCount, "Max", MaxCatalogWindows))
	}
	slices.Sort(it.WindowIDs)
	it.WindowIDs = slices.Compact(it.WindowIDs)
	for _, id := range it.WindowIDs {
		w, err := staff.GetWindowTx(tx, id)
		switch {
		case err != nil:
			ps.Add(problem.New("windows", errWindow))
		case w.UnitID != u.ID:
			ps.Add(problem.New("windows", errWindowUnit, "Number", w.Number, "Unit", u.Name))
		}
	}
	return ps
}

// text trims *s and checks it is present (when required) and not longer
// than max runes.
func text(field string, s *string, required bool, max int) problem.List {
	*s = strings.TrimSpace(*s)
	switch {
	case required && *s == "":
		return problem.List{problem.New(field, errRequired)}
	case utf8.RuneCountInString(*s) > max:
		return problem.List{problem.New(field, errTooLong, "Max", max)}
	}
	return nil
}

// ItemByCode reads the item with the code (the public page's address).
func (s *Service) ItemByCode(code string) (Item, error) {
	return store.Read(s.db, func(tx *store.Tx) (Item, error) { return ItemByCodeTx(tx, code) })
}
