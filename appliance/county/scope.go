package county

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"

	"bianmin/appliance/account"
	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// bucketViewerScope keeps the townships a county viewer is limited to:
// IDKey(user) → viewerScope. No entry: the viewer sees every township.
const bucketViewerScope = "county.viewer_scope"

// Scope is the townships (boxes) one reader may see: a county admin and an
// unlimited county viewer see all of them, a limited viewer and an API
// token only the boxes listed. Every page, export and API call decides
// what to show with Visible (or BoxesIn, which applies it to the box
// list); nothing else filters by township.
type Scope struct {
	all   bool
	boxes map[uint64]bool
}

// AllTownships is the scope that sees every township.
func AllTownships() Scope { return Scope{all: true} }

// OnlyTownships is the scope limited to the given boxes.
func OnlyTownships(boxes ...uint64) Scope {
	s := Scope{boxes: map[uint64]bool{}}
	for _, b := range boxes {
		s.boxes[b] = true
	}
	return s
}

// Visible says whether the scope may see a box's records.
func (s Scope) Visible(box uint64) bool { return s.all || s.boxes[box] }

// All says whether the scope sees every township.
func (s Scope) All() bool { return s.all }

// Boxes lists the box ids of a limited scope (nil for all), ascending.
func (s Scope) Boxes() []uint64 {
	if s.all {
		return nil
	}
	out := make([]uint64, 0, len(s.boxes))
	for b := range s.boxes {
		out = append(out, b)
	}
	slices.Sort(out)
	return out
}

type viewerScope struct {
	Boxes []uint64 `json:"boxes"`
}

// ScopeOf is what an account may see: a county admin everything, a
// county viewer the townships set for them (every township when none
// is set), anyone else nothing.
func (c *County) ScopeOf(u account.User) (Scope, error) {
	switch u.Role {
	case account.RoleCountyAdmin:
		return AllTownships(), nil
	case account.RoleCountyViewer:
	default:
		return OnlyTownships(), nil
	}
	boxes, err := c.ViewerTownships(u.ID)
	if err != nil {
		return Scope{}, err
	}
	if len(boxes) == 0 {
		return AllTownships(), nil
	}
	return OnlyTownships(boxes...), nil
}

// ViewerTownships lists the boxes a viewer is limited to (none: all).
func (c *County) ViewerTownships(userID uint64) ([]uint64, error) {
	return store.Read(c.db, func(tx *store.Tx) ([]uint64, error) {
		var vs viewerScope
		err := tx.Get(bucketViewerScope, store.IDKey(userID), &vs)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		}
		return vs.Boxes, err
	})
}

// SetViewerTownships limits a viewer to the given boxes (none: all
// townships). Every box must be registered.
func (c *County) SetViewerTownships(actor string, userID uint64, boxes []uint64) error {
	boxes = slices.Clone(boxes)
	slices.Sort(boxes)
	boxes = slices.Compact(boxes)
	_, err := store.Write(c.db, actor, func(tx *store.Tx) (struct{}, error) {
		for _, id := range boxes {
			if err := tx.Get(bucketBoxes, store.IDKey(id), &Box{}); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return struct{}{}, problem.New("townships", "county.err.no_township")
				}
				return struct{}{}, err
			}
		}
		var before viewerScope
		if err := tx.Get(bucketViewerScope, store.IDKey(userID), &before); err != nil && !errors.Is(err, store.ErrNotFound) {
			return struct{}{}, err
		}
		after := viewerScope{Boxes: boxes}
		if len(boxes) == 0 {
			if err := tx.Delete(bucketViewerScope, store.IDKey(userID)); err != nil {
				return struct{}{}, err
			}
		} else if err := tx.Put(bucketViewerScope, store.IDKey(userID), after); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, tx.Audit("county.viewer_scope", fmt.Sprintf("user/%d", userID), before, after)
	})
	return err
}

// BoxesIn lists the boxes the scope may see, by name: the township list
// of every page, export and API call.
func (c *County) BoxesIn(s Scope) ([]Box, error) {
	boxes, err := store.Read(c.db, func(tx *store.Tx) ([]Box, error) { return boxesInTx(tx, s) })
	return boxes, err
}

func boxesInTx(tx *store.Tx, s Scope) ([]Box, error) {
	var out []Box
	if err := tx.ForEach(bucketBoxes, func(_, v []byte) error {
		var b Box
		if err := json.Unmarshal(v, &b); err != nil {
			return err
		}
		if s.Visible(b.ID) {
			out = append(out, b)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
