// Package ui is the LAN web application: one route table (routes.go) that
// names every page with the roles allowed on it, handlers by area (one file
// per page or action), middleware (sessions, CSRF, roles, locale, security
// headers, body limits) and html/template rendering of the embedded
// templates in the user's language.
//
// ui imports echo, the appliance packages and embedded; never hw. Devices
// reach it only through the appliance/device status registry and the
// SimPanel interface that cmd wires in demo mode.
package ui
