package ui

import (
	"net/http"

	"bianmin/appliance/account"

	"github.com/labstack/echo/v4"
)

// Route is one line of the route table: every page and action the app
// serves, with the roles allowed on it. A test walks the whole table with
// every role and checks allow and deny.
type Route struct {
	Method  string
	Path    string
	Public  bool           // no login needed (login page, health, kiosks)
	Roles   []account.Role // who may use it when not Public
	Handler echo.HandlerFunc
	// DuringPasswordChange lets a user who must still change the one-time
	// password reach this route (the change page itself, logout).
	DuringPasswordChange bool
}

// Role sets used by the table.
var (
	everyone   = account.AllRoles
	office     = []account.Role{account.RoleOffice}
	management = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleDeputy}
	devicesR   = []account.Role{account.RoleOffice, account.RoleTechnician}
	auditR     = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleTechnician}
	// 脱岗 records: the inspectors and the office record them, the
	// directors read them too.
	offPostWriters = []account.Role{account.RoleOffice, account.RoleInspector}
	offPostReaders = []account.Role{account.RoleOffice, account.RoleInspector, account.RoleDirector, account.RoleDeputy}
)

func (a *App) routeTable() []Route {
	get, post := http.MethodGet, http.MethodPost
	en := newEnrolPages(a)
	units, windows := a.unitEdit(), a.windowEdit()
	rp := newReportPages(a)
	si := newStaffImport(a)
	ci := newCatalogImport(a)
	return []Route{
		// Health and login: public.
		{Method: get, Path: "/healthz", Public: true, Handler: a.healthz},
		{Method: get, Path: "/readyz", Public: true, Handler: a.readyz},
		{Method: get, Path: "/login", Public: true, Handler: a.loginForm},
		{Method: post, Path: "/login", Public: true, Handler: a.loginSubmit},
		{Method: get, Path: "/lang/:lang", Public: true, Handler: a.switchLanguage},
		// Beside every page, login and kiosks included: the favicon and the
		// box's CJK font for browsers without one (static.go).
		{Method: get, Path: "/favicon.ico", Public: true, Handler: a.favicon},
		{Method: get, Path: webFontPath, Public: true, Handler: a.webFont},
		// 帮助: a short page per area, linked from every page's title.
		{Method: get, Path: "/help/:area", Roles: everyone, Handler: a.helpPage},

		// The signed-in user's own account.
		{Method: post, Path: "/logout", Roles: everyone, Handler: a.logout, DuringPasswordChange: true},
		{Method: get, Path: "/account/password", Roles: everyone, Handler: a.passwordForm, DuringPasswordChange: true},
		{Method: post, Path: "/account/password", Roles: everyone, Handler: a.passwordSubmit, DuringPasswordChange: true},
		{Method: get, Path: "/account/sessions", Roles: everyone, Handler: a.sessionList},
		{Method: post, Path: "/account/sessions/logout-others", Roles: everyone, Handler: a.logoutOthers},

		// Dashboard.
		{Method: get, Path: "/", Roles: everyone, Handler: a.home},

		// 报表: weekly notices, monthly summaries with letters to the home
		// units, quarterly results. :id is a published revision's number or
		// a draft's "d-…"; drafts and quarterly results are for reportAll
		// (reports.go), the handlers answer 404 to the others.
		{Method: get, Path: "/reports", Roles: reportReaders, Handler: rp.list},
		{Method: post, Path: "/reports/generate", Roles: reportAll, Handler: rp.generate},
		{Method: post, Path: "/reports/publish", Roles: office, Handler: rp.publish},
		{Method: get, Path: "/reports/:id", Roles: reportReaders, Handler: rp.view},
		{Method: get, Path: "/reports/:id/pdf", Roles: reportReaders, Handler: rp.pdf},
		{Method: get, Path: "/reports/:id/xlsx", Roles: reportReaders, Handler: rp.xlsx},

		// 考勤: punches and their XLSX export (everyone sees what
		// punchScopeOf allows: all, a lead's window, or their own), manual
		// punches and fingerprint enrolment (office), and the public kiosk
		// beside the reader.
		{Method: get, Path: "/attendance", Roles: everyone, Handler: a.attendanceHome},
		{Method: get, Path: "/attendance/punches", Roles: everyone, Handler: a.punchList},
		{Method: get, Path: "/attendance/punches/export.xlsx", Roles: everyone, Handler: a.punchExport},
		{Method: get, Path: "/attendance/punches/import", Roles: office, Handler: a.punchImportForm},
		{Method: post, Path: "/attendance/punches/import", Roles: office, Handler: a.punchImportSubmit},
		{Method: get, Path: "/attendance/punches/manual", Roles: office, Handler: a.manualPunchForm},
		{Method: post, Path: "/attendance/punches/manual", Roles: office, Handler: a.manualPunchSubmit},
		{Method: get, Path: "/attendance/enrol", Roles: office, Handler: en.list},
		{Method: post, Path: "/attendance/enrol/reenrol", Roles: office, Handler: en.reenrol},
		// :job is a job id, or the id with .json for kiosk.js's polling.
		{Method: get, Path: "/attendance/enrol/jobs/:job", Roles: office, Handler: en.job},
		{Method: get, Path: "/attendance/enrol/:id", Roles: office, Handler: en.person},
		{Method: post, Path: "/attendance/enrol/:id", Roles: office, Handler: en.start},
		{Method: post, Path: "/attendance/enrol/:id/remove", Roles: office, Handler: en.remove},
		{Method: get, Path: "/kiosk/attendance", Public: true, Handler: a.kioskAttendance},
		{Method: get, Path: "/kiosk/attendance/events", Public: true, Handler: a.kioskEvents},
		// The screens the office registered pair here (public: a screen's
		// browser has no account) and say what they are registered as.
		{Method: get, Path: "/screen", Public: true, Handler: a.screenStatus},
		{Method: get, Path: "/screen/pair", Public: true, Handler: a.screenPairForm},
		{Method: post, Path: "/screen/pair", Public: true, Handler: a.screenPairSubmit},
		// The queue's public screens: the hall display, a window's display
		// (and the list a window display picks its window from), and the
		// event stream both listen to (hall_display.go, hall_events.go).
		{Method: get, Path: "/hall", Public: true, Handler: a.hallDisplay},
		{Method: get, Path: "/hall/events", Public: true, Handler: a.hallEvents},
		{Method: get, Path: "/hall/window", Public: true, Handler: a.hallWindowPick},
		{Method: get, Path: "/hall/window/:no", Public: true, Handler: a.hallWindowDisplay},

		// 考勤: the month (everyone sees whom punchScopeOf allows), remedies
		// and objections (filed for oneself, the office also for others;
		// decided by the office), errands (own; the office anyone's) and
		// off-post records (inspectors and the office record, the
		// directors read).
		{Method: get, Path: "/attendance/month", Roles: everyone, Handler: a.monthView},
		{Method: get, Path: "/attendance/grid", Roles: gridRoles, Handler: a.attendanceGrid},
		{Method: get, Path: "/attendance/remedies", Roles: everyone, Handler: a.remedyList},
		{Method: post, Path: "/attendance/remedies", Roles: everyone, Handler: a.remedyRequest},
		{Method: post, Path: "/attendance/remedies/:id/approve", Roles: office, Handler: a.remedyApprove},
		{Method: post, Path: "/attendance/remedies/:id/reject", Roles: office, Handler: a.remedyReject},
		{Method: post, Path: "/attendance/remedies/:id/withdraw", Roles: everyone, Handler: a.remedyWithdraw},
		{Method: get, Path: "/attendance/objections", Roles: everyone, Handler: a.objectionList},
		{Method: post, Path: "/attendance/objections", Roles: everyone, Handler: a.objectionFile},
		{Method: post, Path: "/attendance/objections/:id/accept", Roles: office, Handler: a.objectionAccept},
		{Method: post, Path: "/attendance/objections/:id/reject", Roles: office, Handler: a.objectionReject},
		{Method: get, Path: "/attendance/errands", Roles: everyone, Handler: a.errandList},
		{Method: post, Path: "/attendance/errands", Roles: everyone, Handler: a.errandRegister},
		{Method: get, Path: "/attendance/offpost", Roles: offPostReaders, Handler: a.offPostList},
		{Method: post, Path: "/attendance/offpost", Roles: offPostWriters, Handler: a.offPostRecord},

		// 请假: requests (filed for oneself; the office for anyone), their
		// steps, rejection, withdrawal, the substitute, files and 销假 — the
		// leave service checks who may do what (the step's role, the
		// person's own, the office); the pages show a leave to those who
		// see the person (404 otherwise). The register for the management
		// and the inspectors (业务科); the rules in 设置.
		{Method: get, Path: "/leave", Roles: leaveUsers, Handler: a.leaveList},
		{Method: get, Path: "/leave/new", Roles: leaveUsers, Handler: a.leaveNewForm},
		{Method: post, Path: "/leave", Roles: leaveUsers, Handler: a.leaveFile},
		{Method: get, Path: "/leave/register", Roles: leaveRegister, Handler: a.leaveRegister},
		{Method: get, Path: "/leave/register.pdf", Roles: leaveRegister, Handler: a.leaveRegisterPDF},
		{Method: get, Path: "/leave/register.xlsx", Roles: leaveRegister, Handler: a.leaveRegisterXLSX},
		{Method: get, Path: "/leave/:id", Roles: leaveUsers, Handler: a.leaveDetail},
		{Method: post, Path: "/leave/:id/step", Roles: leaveUsers, Handler: a.leaveStep},
		{Method: post, Path: "/leave/:id/reject", Roles: leaveUsers, Handler: a.leaveReject},
		{Method: post, Path: "/leave/:id/withdraw", Roles: leaveUsers, Handler: a.leaveWithdraw},
		{Method: post, Path: "/leave/:id/substitute", Roles: leaveUsers, Handler: a.leaveSubstitute},
		{Method: post, Path: "/leave/:id/files", Roles: leaveUsers, Handler: a.leaveAddFile},
		{Method: get, Path: "/leave/:id/files/:file", Roles: leaveUsers, Handler: a.leaveFileGet},
		{Method: post, Path: "/leave/:id/close", Roles: leaveUsers, Handler: a.leaveClose},
		{Method: get, Path: "/leave/:id/slip.pdf", Roles: leaveUsers, Handler: a.leaveSlipPDF},
		{Method: get, Path: "/leave/:id/card.pdf", Roles: leaveUsers, Handler: a.leaveCardPDF},
		{Method: post, Path: "/leave/:id/card/print", Roles: office, Handler: a.leaveCardPrint},

		// 排队叫号: a window's console and its actions (call, recall, skip,
		// finish, transfer, pause, resume), a ticket taken or booked by
		// staff, the statistics; the queue's settings under 设置. The 取号机
		// kiosk and a ticket's status page (its printed QR code) are
		// public: taking a number needs a registered 取号机 screen.
		{Method: get, Path: "/queue", Roles: queueRoles, Handler: a.queueConsole},
		{Method: get, Path: "/queue/live", Roles: queueRoles, Handler: a.queueLive},
		{Method: post, Path: "/queue/windows/:n/:action", Roles: queueRoles, Handler: a.queueAct},
		{Method: post, Path: "/queue/take", Roles: queueRoles, Handler: a.queueTake},
		{Method: post, Path: "/queue/book", Roles: queueRoles, Handler: a.queueBook},
		{Method: get, Path: "/queue/tickets/:id", Roles: queueRoles, Handler: a.queueTicket},
		{Method: get, Path: "/queue/stats", Roles: queueStatsRoles, Handler: a.queueStats},
		{Method: get, Path: "/queue/stats.xlsx", Roles: queueStatsRoles, Handler: a.queueStatsXLSX},
		{Method: get, Path: "/kiosk/queue", Public: true, Handler: a.queueKiosk},
		{Method: post, Path: "/kiosk/queue/take", Public: true, Handler: a.queueKioskTake},
		{Method: get, Path: "/q/:token", Public: true, Handler: a.queueStatus},

		// 受理: the cases (search, register, one case and its steps, the full
		// ID number for the case's unit and the office — the intake service
		// checks who may act), the deadlines, the service catalog (the
		// office edits and imports it) and its public kiosk pages.
		{Method: get, Path: "/intake", Roles: intakeUsers, Handler: a.caseList},
		{Method: get, Path: "/intake/new", Roles: intakeUsers, Handler: a.caseNewForm},
		{Method: post, Path: "/intake", Roles: intakeUsers, Handler: a.caseRegister},
		{Method: get, Path: "/intake/due", Roles: intakeUsers, Handler: a.dueLists},
		{Method: get, Path: "/intake/cases/:id", Roles: intakeUsers, Handler: a.caseDetail},
		{Method: post, Path: "/intake/cases/:id/step", Roles: intakeUsers, Handler: a.caseStepSubmit},
		{Method: post, Path: "/intake/cases/:id/id", Roles: intakeUsers, Handler: a.caseFullID},
		{Method: get, Path: "/intake/catalog", Roles: intakeUsers, Handler: a.catalogList},
		{Method: get, Path: "/intake/catalog/new", Roles: office, Handler: a.itemNewForm},
		{Method: post, Path: "/intake/catalog", Roles: office, Handler: a.itemSave},
		{Method: get, Path: "/intake/catalog/import", Roles: office, Handler: ci.form},
		{Method: post, Path: "/intake/catalog/import", Roles: office, Handler: ci.preview},
		{Method: post, Path: "/intake/catalog/import/confirm", Roles: office, Handler: ci.confirm},
		{Method: get, Path: "/intake/catalog/:id", Roles: office, Handler: a.itemEditForm},
		{Method: post, Path: "/intake/catalog/:id", Roles: office, Handler: a.itemSave},
		{Method: get, Path: "/intake/settings", Roles: management, Handler: a.intakeSettingsForm},
		{Method: post, Path: "/intake/settings", Roles: office, Handler: a.intakeSettingsSubmit},
		{Method: post, Path: "/intake/settings/notice", Roles: office, Handler: a.intakeNoticeSubmit},
		{Method: get, Path: "/kiosk/services", Public: true, Handler: a.kioskServices},
		{Method: get, Path: "/kiosk/services/:code", Public: true, Handler: a.kioskService},
		{Method: get, Path: "/kiosk/services/:code/guide.pdf", Public: true, Handler: a.serviceGuidePDF},
		// 评价: the ratings at the windows, the 差评 follow-ups (the office
		// calls back or verifies and rectifies, records a citizen's
		// rejection; the director decides a rejected one), the statistics
		// and the appraisals of 最不满意人员 (the office appraises).
		{Method: get, Path: "/rating", Roles: ratingReaders, Handler: a.ratingList},
		{Method: get, Path: "/rating/followups", Roles: ratingReaders, Handler: a.followUpList},
		{Method: get, Path: "/rating/followups/:id", Roles: ratingReaders, Handler: a.followUpDetail},
		{Method: post, Path: "/rating/followups/:id/:step", Roles: ratingActors, Handler: a.followUpAct},
		{Method: get, Path: "/rating/stats", Roles: ratingReaders, Handler: a.ratingStats},
		{Method: get, Path: "/rating/appraisals", Roles: ratingReaders, Handler: a.ratingAppraisals},
		{Method: post, Path: "/rating/appraisals", Roles: office, Handler: a.ratingAppraise},

		// 考核: the monthly 100-point assessment (assess_*.go). Whose
		// months a user sees is the records scope (the person, a lead's
		// team, the office and the management everyone).
		{Method: get, Path: "/assess", Roles: assessUsers, Handler: a.assessMonth},
		{Method: post, Path: "/assess/publish", Roles: office, Handler: a.assessPublish},
		{Method: get, Path: "/assess/staff/:id", Roles: assessUsers, Handler: a.assessStaff},
		{Method: get, Path: "/assess/objections", Roles: assessUsers, Handler: a.assessObjections},
		{Method: post, Path: "/assess/objections", Roles: assessUsers, Handler: a.assessObject},
		{Method: post, Path: "/assess/objections/:id/uphold", Roles: office, Handler: a.assessDecide(true)},
		{Method: post, Path: "/assess/objections/:id/reject", Roles: office, Handler: a.assessDecide(false)},
		{Method: get, Path: "/assess/inspections", Roles: assessUsers, Handler: a.assessInspections},
		{Method: post, Path: "/assess/inspections", Roles: assessRecorder, Handler: a.assessInspect},
		{Method: get, Path: "/assess/inspections/:id", Roles: assessUsers, Handler: a.assessInspection},
		{Method: get, Path: "/assess/inspections/:id/photo", Roles: assessUsers, Handler: a.assessPhoto},
		{Method: get, Path: "/assess/ranking", Roles: assessUsers, Handler: a.assessRanking},
		{Method: get, Path: "/assess/year", Roles: assessUsers, Handler: a.assessYear},
		{Method: get, Path: "/assess/report.pdf", Roles: assessReaders, Handler: a.assessReport("pdf")},
		{Method: get, Path: "/assess/report.xlsx", Roles: assessReaders, Handler: a.assessReport("xlsx")},
		{Method: get, Path: "/assess/catalog", Roles: assessUsers, Handler: a.assessCatalog},
		{Method: post, Path: "/assess/catalog/items", Roles: office, Handler: a.assessSaveItem},
		{Method: post, Path: "/assess/catalog/settings", Roles: office, Handler: a.assessSaveSettings},
		{Method: post, Path: "/assess/catalog/preset", Roles: office, Handler: a.assessPreset},

		// 设置: the center, units, windows, staff, users, the attendance
		// rules and the working-day calendar.
		{Method: get, Path: "/settings", Roles: management, Handler: a.settingsCenterForm},
		{Method: post, Path: "/settings/center", Roles: office, Handler: a.settingsCenterSubmit},
		{Method: get, Path: "/settings/units", Roles: management, Handler: units.list},
		{Method: post, Path: "/settings/units", Roles: office, Handler: units.create},
		{Method: post, Path: "/settings/units/:id", Roles: office, Handler: units.update},
		{Method: post, Path: "/settings/units/:id/delete", Roles: office, Handler: units.remove},
		{Method: get, Path: "/settings/windows", Roles: management, Handler: windows.list},
		{Method: post, Path: "/settings/windows", Roles: office, Handler: windows.create},
		{Method: post, Path: "/settings/windows/:id", Roles: office, Handler: windows.update},
		{Method: post, Path: "/settings/windows/:id/delete", Roles: office, Handler: windows.remove},
		{Method: get, Path: "/settings/staff", Roles: management, Handler: a.staffList},
		{Method: get, Path: "/settings/staff/new", Roles: office, Handler: a.staffNewForm},
		{Method: post, Path: "/settings/staff", Roles: office, Handler: a.staffCreate},
		{Method: get, Path: "/settings/staff/export.csv", Roles: management, Handler: a.staffExport},
		{Method: get, Path: "/settings/staff/import", Roles: office, Handler: a.staffImportForm},
		{Method: post, Path: "/settings/staff/import", Roles: office, Handler: si.preview},
		{Method: post, Path: "/settings/staff/import/confirm", Roles: office, Handler: si.confirm},
		{Method: get, Path: "/settings/staff/:id", Roles: office, Handler: a.staffEditForm},
		{Method: post, Path: "/settings/staff/:id", Roles: office, Handler: a.staffUpdate},
		{Method: get, Path: "/settings/users", Roles: office, Handler: a.userList},
		{Method: post, Path: "/settings/users", Roles: office, Handler: a.userCreate},
		{Method: post, Path: "/settings/users/:id", Roles: office, Handler: a.userUpdate},
		{Method: post, Path: "/settings/users/:id/reset-password", Roles: office, Handler: a.userResetPassword},
		{Method: get, Path: "/settings/attendance", Roles: management, Handler: a.attSettingsForm},
		{Method: post, Path: "/settings/attendance", Roles: office, Handler: a.attSettingsSubmit},
		{Method: get, Path: "/settings/leave", Roles: management, Handler: a.leaveSettingsForm},
		{Method: post, Path: "/settings/leave", Roles: office, Handler: a.leaveSettingsSubmit},
		{Method: get, Path: "/settings/rating", Roles: management, Handler: a.ratingSettingsForm},
		{Method: post, Path: "/settings/rating", Roles: office, Handler: a.ratingSettingsSubmit},
		{Method: post, Path: "/settings/rating/buttons", Roles: office, Handler: a.ratingLineMapSubmit},
		{Method: get, Path: "/settings/calendar", Roles: management, Handler: a.calendarSettings},
		{Method: post, Path: "/settings/calendar/days", Roles: office, Handler: a.calendarSetDay},
		{Method: post, Path: "/settings/calendar/days/clear", Roles: office, Handler: a.calendarClearDay},
		{Method: post, Path: "/settings/calendar/import", Roles: office, Handler: a.calendarImport},
		{Method: get, Path: "/settings/queue", Roles: management, Handler: a.queueSettingsForm},
		{Method: post, Path: "/settings/queue", Roles: office, Handler: a.queueSettingsSubmit},
		{Method: get, Path: "/settings/screens", Roles: management, Handler: a.screenList},
		{Method: post, Path: "/settings/screens", Roles: office, Handler: a.screenRegister},
		{Method: post, Path: "/settings/screens/:id/code", Roles: office, Handler: a.screenNewCode},
		{Method: post, Path: "/settings/screens/:id/revoke", Roles: office, Handler: a.screenRevoke},
		{Method: get, Path: "/settings/hall", Roles: management, Handler: a.hallSettingsForm},
		{Method: post, Path: "/settings/hall", Roles: office, Handler: a.hallSettingsSubmit},
		{Method: post, Path: "/settings/calendar/notice-text", Roles: office, Handler: a.calendarNoticeText},
		// 导入记录: big imports written in chunks, with their progress.
		{Method: get, Path: "/settings/imports", Roles: management, Handler: a.importList},
		{Method: get, Path: "/settings/imports/:id", Roles: management, Handler: a.importJob},
		{Method: post, Path: "/settings/imports/:id/resume", Roles: office, Handler: a.importResume},
		{Method: post, Path: "/settings/imports/:id/abandon", Roles: office, Handler: a.importAbandon},

		// 设备: device status, audit log, simulator panel (demo only).
		// 受理 › 咨询记录: the consultation log of every window and the 首问负责
		// hand-offs (intake_consult.go); the take-over is the receiving
		// window's (the handler checks the window).
		{Method: get, Path: "/intake/consultations", Roles: intakeUsers, Handler: a.consultList},
		{Method: post, Path: "/intake/consultations", Roles: intakeUsers, Handler: a.consultRecord},
		{Method: post, Path: "/intake/consultations/:id/handoff", Roles: intakeUsers, Handler: a.consultHandOff},
		{Method: post, Path: "/intake/consultations/:id/takeover", Roles: intakeUsers, Handler: a.consultTakeOver},

		// 受理 › 办件文书: a case's documents, issued at their step and frozen;
		// reprinted as PDF or on the ticket printer (intake_doc.go); its
		// status as a phone script; the public status page and comment
		// link by the case's token (intake_status.go).
		{Method: get, Path: "/intake/cases/:id/docs", Roles: intakeUsers, Handler: a.docList},
		{Method: post, Path: "/intake/cases/:id/docs", Roles: intakeUsers, Handler: a.docIssue},
		{Method: get, Path: "/intake/cases/:id/phone", Roles: intakeUsers, Handler: a.phoneScript},
		{Method: get, Path: "/intake/docs/:id/pdf", Roles: intakeUsers, Handler: a.docPDF},
		{Method: post, Path: "/intake/docs/:id/print", Roles: intakeUsers, Handler: a.docPrint},
		{Method: get, Path: "/intake/stats", Roles: statsRoles, Handler: a.statsPage},
		{Method: get, Path: "/intake/export.xlsx", Roles: intakeUsers, Handler: a.caseExport},
		{Method: get, Path: "/s/:token", Public: true, Handler: a.statusPage},
		{Method: post, Path: "/s/:token/comment", Public: true, Handler: a.statusComment},

		{Method: get, Path: "/devices", Roles: devicesR, Handler: a.deviceStatus},
		{Method: get, Path: "/devices/backup", Roles: devicesR, Handler: a.downloadBackup},
		{Method: get, Path: "/devices/uplink", Roles: devicesR, Handler: a.uplinkStatus},
		{Method: post, Path: "/devices/uplink/settings", Roles: devicesR, Handler: a.uplinkSettingsSubmit},
		{Method: post, Path: "/devices/uplink/send", Roles: devicesR, Handler: a.uplinkSendNow},
		{Method: get, Path: "/devices/uplink/export.zip", Roles: devicesR, Handler: a.uplinkExport},
		{Method: post, Path: "/devices/uplink/receipt", Roles: devicesR, Handler: a.uplinkReceipt},
		{Method: get, Path: "/audit", Roles: auditR, Handler: a.auditLog},
		{Method: post, Path: "/audit/verify", Roles: auditR, Handler: a.auditCheck},
		{Method: get, Path: "/audit/head", Roles: auditR, Handler: a.auditHeadFile},
		{Method: get, Path: "/devices/printer", Roles: devicesR, Handler: a.printJobsPage},
		{Method: get, Path: "/devices/printer/live", Roles: devicesR, Handler: a.printerLive},
		{Method: post, Path: "/devices/printer/test", Roles: devicesR, Handler: a.printTestPage},
		{Method: post, Path: "/devices/printer/jobs/:id/cancel", Roles: devicesR, Handler: a.printJobCancel},
		{Method: post, Path: "/devices/printer/jobs/:id/retry", Roles: devicesR, Handler: a.printJobRetry},
		{Method: get, Path: "/sim", Roles: devicesR, Handler: a.simPanel},
		{Method: get, Path: "/sim/printer/receipt/:id", Roles: devicesR, Handler: a.simReceiptPNG},
		{Method: get, Path: "/sim/printer/receipt/:id/text", Roles: devicesR, Handler: a.simReceiptText},
		{Method: post, Path: "/sim/printer/paper", Roles: devicesR, Handler: a.simPaper},
		{Method: post, Path: "/sim/fingerprint/press", Roles: devicesR, Handler: a.simFingerPress},
		{Method: post, Path: "/sim/fingerprint/unknown", Roles: devicesR, Handler: a.simFingerUnknown},
		{Method: post, Path: "/sim/fingerprint/smudge", Roles: devicesR, Handler: a.simFingerSmudge},
		{Method: post, Path: "/sim/queue/press", Roles: devicesR, Handler: a.simQueuePress},
		{Method: post, Path: "/sim/:name/:action", Roles: devicesR, Handler: a.simAction},
		{Method: post, Path: "/sim/rating/:window/serve", Roles: devicesR, Handler: a.simRatingServe},
		{Method: post, Path: "/sim/rating/:window/press/:level", Roles: devicesR, Handler: a.simRatingPress},
	}
}
