package ui

// Paging of long lists: the page shown and the links to its neighbours.
// The store pages by key range (appliance/store Tx.Page); a pager only
// words the result and keeps the list's filters in its links.

import (
	"net/url"
	"slices"
	"strconv"
)

// recordsPageSize is how many rows one page of a records list (补签, 异议,
// 外出备案) shows.
const recordsPageSize = 50

// pager is one page of a long list and the links to its neighbours.
type pager struct {
	Page, Pages, Total, First, Last int
	PrevURL, NextURL                string
}

// newPager works out page (1-based, clamped) of total items; links keep
// the query q and set ?page=.
func newPager(path string, q url.Values, total, page, size int) pager {
	return newPagerParam(path, q, "page", total, page, size)
}

// newPagerParam is newPager for a list whose page travels in ?param= (a
// page with two paged lists).
func newPagerParam(path string, q url.Values, param string, total, page, size int) pager {
	pages := max(1, (total+size-1)/size)
	page = min(max(page, 1), pages)
	p := pager{Page: page, Pages: pages, Total: total, First: (page-1)*size + 1, Last: min(page*size, total)}
	link := func(n int) string {
		q := cloneValues(q)
		q.Set(param, strconv.Itoa(n))
		return path + "?" + q.Encode()
	}
	if page > 1 {
		p.PrevURL = link(page - 1)
	}
	if page < pages {
		p.NextURL = link(page + 1)
	}
	return p
}

// anchor makes the links land on the list's heading (#id).
func (p *pager) anchor(id string) {
	if p.PrevURL != "" {
		p.PrevURL += "#" + id
	}
	if p.NextURL != "" {
		p.NextURL += "#" + id
	}
}

// cloneValues copies url.Values so a link can change one parameter.
func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, vs := range q {
		out[k] = slices.Clone(vs)
	}
	return out
}
