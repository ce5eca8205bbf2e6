package intake

// The catalog as a spreadsheet: one row a service. An import is previewed
// first (what it creates and changes) and confirmed; the file is read and
// checked again on confirmation, against the catalog as it is then, and
// written only when it still does what the preview said. Any problem
// refuses the whole file, each with its line.
//
// The catalog is small (a center has tens to a few hundred services), so
// a confirmed import is one transaction: unlike the staff list or a year
// of punches it needs no import journal (appliance/importjob).

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"bianmin/appliance/csvin"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// The catalog file's columns; code, name, unit, legal_basis, procedure and
// fee are required.
var catalogColumns = []string{"code", "name", "unit", "windows", "category", "legal_basis", "content", "procedure",
	"fee", "fee_basis", "legal_days", "promised_days", "materials", "active"}

// CatalogColumns lists the catalog file's columns in order (for the page
// that describes the file).
func CatalogColumns() []string { return slices.Clone(catalogColumns) }

var catalogRequired = []string{"code", "name", "unit", "legal_basis", "procedure", "fee"}

// catalogAliases are the Chinese headings accepted for the columns.
var catalogAliases = map[string]string{
	"事项编码": "code", "编码": "code", "事项名称": "name", "名称": "name",
	"窗口单位": "unit", "实施单位": "unit", "单位": "unit", "受理窗口": "windows", "窗口": "windows",
	"办件类别": "category", "类别": "category", "设定依据": "legal_basis", "法律依据": "legal_basis",
	"服务内容": "content", "办理流程": "procedure", "流程": "procedure", "收费标准": "fee", "收费依据": "fee_basis",
	"法定时限": "legal_days", "承诺时限": "promised_days", "申请材料": "materials", "材料": "materials", "在办": "active",
}

// categoryWords are the Chinese names of the categories in a file.
var categoryWords = map[string]Category{
	"即办件": CategoryImmediate, "即办": CategoryImmediate, "承诺件": CategoryPromised, "承诺": CategoryPromised,
	"上报件": CategoryReported, "转办件": CategoryTransferred, "联办件": CategoryJoint,
}

// catalogFile is the catalog file's format.
var catalogFile = csvin.Format{MaxBytes: MaxCatalogBytes, MaxRows: MaxCatalogItems,
	TooLarge: "intake.import.err.too_large", Encoding: "intake.import.err.encoding", Empty: "intake.import.err.empty",
	Syntax: "intake.import.err.syntax", TooManyRows: "intake.import.err.too_many_rows"}

// ImportLine is what one row of the file does.
type ImportLine struct {
	Line    int      `json:"line"`
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	New     bool     `json:"new"`
	Changed []string `json:"changed,omitempty"` // the fields an update changes
}

// ImportResult is a catalog import's plan (or outcome).
type ImportResult struct {
	Created, Updated, Unchanged int
	Lines                       []ImportLine
	Errors                      problem.List
}

// Digest identifies the plan: the confirmation must find the same.
func (r ImportResult) Digest() string {
	data, _ := json.Marshal(r.Lines)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// PreviewCSV works out what the file would do to the catalog and writes
// nothing. A file with problems is refused (ErrImportRejected) with every
// problem in the result.
func (s *Service) PreviewCSV(rd io.Reader) (ImportResult, error) {
	rows, res, err := readCatalog(rd)
	if err != nil {
		return res, err
	}
	read := res.Errors
	err = s.db.View(func(tx *store.Tx) error {
		res, err = planCatalog(tx, rows)
		return err
	})
	res.Errors = append(read, res.Errors...)
	return res, finishCatalog(res, err)
}

// ConfirmCSV imports the file, office only, when it still does what the
// confirmed preview (digest) said; otherwise nothing is written and the
// error wraps ErrPlanChanged with the new plan in the result.
func (s *Service) ConfirmCSV(a Actor, rd io.Reader, digest string) (ImportResult, error) {
	if !a.Office() {
		return ImportResult{}, problem.New("", errNotOffice)
	}
	rows, res, err := readCatalog(rd)
	if err != nil {
		return res, err
	}
	read := res.Errors
	err = s.db.Update(a.Name, func(tx *store.Tx) error {
		if res, err = planCatalog(tx, rows); err != nil {
			return err
		}
		if res.Errors = append(read, res.Errors...); len(res.Errors) > 0 {
			return nil
		}
		if res.Digest() != digest {
			return ErrPlanChanged
		}
		for i, row := range rows {
			if l := res.Lines[i]; !l.New && len(l.Changed) == 0 {
				continue
			}
			if _, err := saveItemTx(tx, a.Name, row.item); err != nil {
				return err
			}
		}
		return tx.Audit("intake.items_import", "intake/catalog", nil, map[string]int{"created": res.Created, "updated": res.Updated})
	})
	if errors.Is(err, ErrPlanChanged) {
		return res, fmt.Errorf("catalog import: %w", ErrPlanChanged)
	}
	return res, finishCatalog(res, err)
}

func finishCatalog(res ImportResult, err error) error {
	switch {
	case err != nil:
		return err
	case len(res.Errors) > 0:
		return csvin.Rejected(ErrImportRejected, res.Errors)
	}
	return nil
}

// catalogRow is one row as read: the item it asks for (unit and windows
// by name and number, resolved in planCatalog), its line.
type catalogRow struct {
	line    int
	raw     string
	unit    string
	windows []int
	item    Item
	has     map[string]bool // the file's columns: an update keeps the fields of those it lacks
}

// readCatalog reads the file's rows and the problems of their cells (a
// window or a limit that is not a number); a problem of the file itself
// (its encoding, a missing column, no rows) refuses it at once.
func readCatalog(rd io.Reader) ([]catalogRow, ImportResult, error) {
	var res ImportResult
	text, probs, err := catalogFile.Read(rd)
	if err != nil || len(probs) > 0 {
		res.Errors = probs
		return nil, res, errors.Join(err, finishCatalog(res, nil))
	}
	r := catalogFile.Records(text)
	var cols map[string]int
	var rows []catalogRow
	for r.Next() {
		rec := r.Record()
		if cols == nil {
			cols = map[string]int{}
			for i, c := range rec {
				cols[csvin.Heading(c, catalogAliases)] = i
			}
			for _, c := range catalogRequired {
				if _, ok := cols[c]; !ok {
					res.Errors.Add(problem.New(c, "intake.import.err.missing_column", "Column", c).AtLine(r.Line(), ""))
				}
			}
			if len(res.Errors) > 0 {
				return nil, res, finishCatalog(res, nil)
			}
			continue
		}
		row, ps := readCatalogRow(rec, cols, r.Line())
		res.Errors = append(res.Errors, ps...)
		rows = append(rows, row)
	}
	if p := r.Problem(); p != nil {
		res.Errors.Add(p)
	}
	if len(rows) == 0 && len(res.Errors) == 0 {
		res.Errors.Add(problem.New("", catalogFile.Empty))
	}
	if len(rows) == 0 {
		return nil, res, finishCatalog(res, nil)
	}
	return rows, res, nil
}

func readCatalogRow(rec []string, cols map[string]int, line int) (catalogRow, problem.List) {
	cell := func(c string) string {
		i, ok := cols[c]
		if !ok {
			return ""
		}
		return csvin.Cell(rec, i)
	}
	var ps problem.List
	fail := func(field, key string, args ...any) {
		ps.Add(problem.New(field, key, args...).AtLine(line, cell(field)))
	}
	row := catalogRow{line: line, raw: strings.Join(rec, ","), unit: cell("unit"), has: map[string]bool{}}
	for c := range cols {
		row.has[c] = true
	}
	it := Item{Code: cell("code"), Name: cell("name"), LegalBasis: cell("legal_basis"), Content: cell("content"),
		Procedure: cell("procedure"), Fee: cell("fee"), FeeBasis: cell("fee_basis"), Active: true}
	for _, w := range splitList(cell("windows")) {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(w, "号窗口"), "号"))
		if err != nil {
			fail("windows", "intake.import.err.window")
			continue
		}
		row.windows = append(row.windows, n)
	}
	if c := cell("category"); c != "" {
		if k, ok := categoryWords[c]; ok {
			it.Category = k
		} else {
			it.Category = Category(strings.ToLower(c))
		}
	}
	for _, f := range []struct {
		name string
		to   *int
	}{{"legal_days", &it.LegalDays}, {"promised_days", &it.PromisedDays}} {
		s := strings.TrimSuffix(strings.TrimSuffix(cell(f.name), "个工作日"), "工作日")
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			fail(f.name, "intake.import.err.days")
			continue
		}
		*f.to = n
	}
	switch strings.ToLower(cell("active")) {
	case "", "是", "yes", "1", "在办":
	case "否", "no", "0", "停办":
		it.Active = false
	default:
		fail("active", "intake.import.err.active")
	}
	it.Materials = parseMaterials(cell("materials"))
	row.item = it
	return row, ps
}

// splitList splits a cell's list: 1、2 / 1;2 / 1,2 / lines.
func splitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、;；,，\n", r) })
	out := f[:0]
	for _, x := range f {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// parseMaterials reads the materials cell: entries separated by ；or a
// new line, each 名称/份数/原件或复印件/必需 or the condition it is needed on
// ("委托书/1/原件/委托他人办理的"); only the name is required (one copy,
// required).
func parseMaterials(s string) []Material {
	var out []Material
	for _, e := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(";；\n", r) }) {
		parts := strings.Split(e, "/")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		if parts[0] == "" {
			continue
		}
		m := Material{Name: parts[0], Copies: 1, Required: true}
		if len(parts) > 1 && parts[1] != "" {
			if n, err := strconv.Atoi(strings.TrimSuffix(parts[1], "份")); err == nil {
				m.Copies = n
			} else {
				m.Copies = -1 // refused by checkMaterials
			}
		}
		if len(parts) > 2 {
			m.Original = parts[2] == "原件" || strings.EqualFold(parts[2], "original")
		}
		if len(parts) > 3 && parts[3] != "" && parts[3] != "必需" && parts[3] != "必须" && !strings.EqualFold(parts[3], "required") {
			m.Required, m.Condition = false, parts[3]
		}
		out = append(out, m)
	}
	return out
}

// planCatalog resolves the rows' units and windows, checks every item as
// SaveItem would and works out what each row creates or changes.
func planCatalog(tx *store.Tx, rows []catalogRow) (ImportResult, error) {
	var res ImportResult
	seen := map[string]int{}
	for i := range rows {
		row := &rows[i]
		it := &row.item
		u, err := staff.UnitByNameTx(tx, row.unit)
		switch {
		case errors.Is(err, staff.ErrNotFound):
			res.Errors.Add(problem.New("unit", "intake.import.err.unit", "Unit", row.unit).AtLine(row.line, row.unit))
		case err != nil:
			return res, err
		default:
			it.UnitID = u.ID
		}
		for _, n := range row.windows {
			w, err := staff.WindowByNumberTx(tx, n)
			if err != nil {
				res.Errors.Add(problem.New("windows", "intake.import.err.no_window", "Number", n).AtLine(row.line, strconv.Itoa(n)))
				continue
			}
			it.WindowIDs = append(it.WindowIDs, w.ID)
		}
		code := strings.ToUpper(strings.TrimSpace(it.Code))
		if first, dup := seen[code]; dup && code != "" {
			res.Errors.Add(problem.New("code", "intake.import.err.code_twice", "Code", it.Code, "Line", first).AtLine(row.line, it.Code))
		}
		seen[code] = row.line
		old, err := ItemByCodeTx(tx, it.Code)
		line := ImportLine{Line: row.line, Code: it.Code, Name: it.Name, New: errors.Is(err, ErrNotFound)}
		if err != nil && !line.New {
			return res, err
		}
		if !line.New {
			it.ID = old.ID
			row.keep(old)
		}
		if it.UnitID != 0 {
			for _, p := range checkItem(tx, it) {
				if p.Field == "code" && p.Key == errCodeTaken {
					continue
				}
				res.Errors.Add(p.AtLine(row.line, ""))
			}
		}
		line.Code, line.Name = it.Code, it.Name
		if !line.New {
			line.Changed = changedFields(old, *it)
		}
		switch {
		case line.New:
			res.Created++
		case len(line.Changed) > 0:
			res.Updated++
		default:
			res.Unchanged++
		}
		res.Lines = append(res.Lines, line)
	}
	return res, nil
}

// keep gives the item the old item's values of the optional columns the
// file lacks.
func (row *catalogRow) keep(old Item) {
	it := &row.item
	for col, keep := range map[string]func(){
		"windows":       func() { it.WindowIDs = old.WindowIDs },
		"category":      func() { it.Category = old.Category },
		"content":       func() { it.Content = old.Content },
		"fee_basis":     func() { it.FeeBasis = old.FeeBasis },
		"legal_days":    func() { it.LegalDays = old.LegalDays },
		"promised_days": func() { it.PromisedDays = old.PromisedDays },
		"materials":     func() { it.Materials = old.Materials },
		"active":        func() { it.Active = old.Active },
	} {
		if !row.has[col] {
			keep()
		}
	}
}

// changedFields names the catalog columns whose value the row changes.
func changedFields(old, it Item) []string {
	var out []string
	add := func(name string, same bool) {
		if !same {
			out = append(out, name)
		}
	}
	add("name", old.Name == it.Name)
	add("unit", old.UnitID == it.UnitID)
	add("windows", slices.Equal(old.WindowIDs, it.WindowIDs))
	add("category", old.Category == it.Category)
	add("legal_basis", old.LegalBasis == it.LegalBasis)
	add("content", old.Content == it.Content)
	add("procedure", old.Procedure == it.Procedure)
	add("fee", old.Fee == it.Fee)
	add("fee_basis", old.FeeBasis == it.FeeBasis)
	add("legal_days", old.LegalDays == it.LegalDays)
	add("promised_days", old.PromisedDays == it.PromisedDays)
	add("materials", slices.Equal(old.Materials, it.Materials))
	add("active", old.Active == it.Active)
	return out
}
