-- What was written to a document since its last full save, as Automerge change chunks
-- in order: a local edit appends its change here instead of rewriting the whole
-- document. Loading reads `documents.data` followed by these; every few dozen chunks
-- the document is saved whole again and its chunks dropped, in one transaction.
CREATE TABLE document_chunks (
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    seq    INTEGER NOT NULL,
    data   BLOB NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
