// Package ui is the LAN web application: one route table (routes.go) that
// names every page with the roles allowed on it, handlers by area (one file
// per page or action), middleware (sessions, CSRF, roles, locale, security
// headers, body limits) and html/template rendering of the embedded
// templates in the user's language. Templates are parsed when a page is
// first rendered, not at start-up; the memory of big one-off jobs (report
// judgement, PDF, export) is handed back when each is done (memory.go).
//
// Handlers call the domain; they open no store transaction and compute no
// rule. Building blocks the next areas reuse: areas.go (an area's menu
// entry, its badges and 待办 lines, its home-page panels — how a new area
// plugs into the menu and the home pages), help.go (帮助 from the locale
// files), decisionlist.go with
// templates/_decisions.html (pages where someone asks and the office
// decides; multi-step kinds such as 请假 link each row to its page, where
// the step's role acts), settings_rowedit.go with templates/_rowedit.html (settings
// tables edited a row at a time), pager.go (paged lists), streams.go
// (openStream and screenFor: a public event stream — the hall display's
// too — takes its place through openStream, and a registered screen has
// places of its own).
//
// ui imports echo, the appliance packages and embedded; never hw. Devices
// reach it only through the appliance/device status registry and the
// SimPanel interface that cmd wires in demo mode.
package ui
