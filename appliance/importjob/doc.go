// Package importjob writes a big import in chunks, with progress, without
// ever leaving it half done without a word.
//
// An import is checked whole before anything is written (a file with any
// problem writes nothing, as before). Start then records, in one
// transaction, the job and every row it will write, cut into chunks of
// ChunkRows; Run writes the chunks one transaction each — the rows, the
// chunk's removal from the journal and the job's progress commit together,
// so after a power cut or a kill the job resumes at the first chunk not yet
// written (Resume, at the next start) and no row is written twice or
// skipped. Between chunks the writer lets go, so a punch at the clock waits
// for one chunk at most, never for the whole file, and a backup copy in
// progress is waited for (store.UpdateBulk).
//
// A chunk that fails (the storage is full, something in the file is no
// longer true — a person was deactivated meanwhile) stops the job: what was
// written stays, and the job says how far it got and why, on the import's
// page and in the audit log, until the office resumes it or abandons the
// rest.
//
// What a row is and how it is written belongs to the domain: staff, leave
// and attendance each register a Kind. Bucket names: import.jobs,
// import.rows.
//
// importjob imports appliance/store and appliance/problem only.
package importjob
