package main

import "bianmin/appliance/store"

// auditVerifyOp walks the audit chain of the open store.
var auditVerifyOp = newOp("audit verify", readsStore, func(x *opCall, _ struct{}) (store.AuditVerifyResult, error) {
	return x.svc.db.VerifyAudit()
})
