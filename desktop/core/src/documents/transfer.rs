//! Moving document blobs: uploads from the outbox (large ones in parts that resume) and
//! downloads through the server's short-lived URLs into the encrypted cache.

use super::Documents;
use crate::store::blobs::Outgoing;
use bedside_shared::documents::{
    BlobCheck, CompleteRequest, DonePart, DownloadRequest, DownloadUrl, MAX_THUMBNAIL_BYTES,
    UploadPlan, UploadRequest,
};
use bedside_shared::{PatientId, RecordId};

use super::sha256_hex;
use crate::api::post_json;
use crate::error::{Error, Result};
use crate::tls::time_for;

/// Sends a request to the blob store. A refusal (an expired URL, say) counts as being
/// offline: the next sync asks the server for fresh URLs.
async fn to_store(request: reqwest::RequestBuilder) -> Result<reqwest::Response> {
    let response = request
        .send()
        .await
        .map_err(|e| Error::Offline(e.to_string()))?;
    if !response.status().is_success() {
        return Err(Error::Offline(format!(
            "the document store answered {}",
            response.status()
        )));
    }
    Ok(response)
}

/// PUTs `bytes` to a store URL, given the time their size needs; returns the store's
/// tag for them.
async fn put(client: reqwest::Client, url: &str, bytes: Vec<u8>) -> Result<String> {
    let within = time_for(bytes.len() as u64);
    let response = to_store(client.put(url).timeout(within).body(bytes)).await?;
    Ok(response
        .headers()
        .get(reqwest::header::ETAG)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned())
}

impl Documents<'_> {
    /// The bytes of a document (or, with `thumbnail`, of its thumbnail): from the
    /// encrypted cache, or else fetched through a short-lived URL from `server`,
    /// checked against their hash and cached.
    pub async fn open_document(
        &self,
        server: &str,
        patient: PatientId,
        id: RecordId,
        thumbnail: bool,
    ) -> Result<Vec<u8>> {
        self.ws.charts().may_open(&patient.to_string())?;
        let document = self
            .of(patient)?
            .into_iter()
            .find(|d| d.record_id == id.to_string())
            .ok_or(Error::NotFound("document"))?
            .record;
        let (sha256, at_most) = match (thumbnail, &document.thumbnail_sha256) {
            // The size comes with the chart: never more time than the largest document.
            (false, _) => (
                document.sha256.clone(),
                document.size.min(super::MAX_DOCUMENT_BYTES as u64),
            ),
            (true, Some(t)) => (t.clone(), MAX_THUMBNAIL_BYTES),
            (true, None) => return Err(Error::NotFound("thumbnail")),
        };
        self.ws.audit(
            "document_opened",
            Some(&patient.to_string()),
            &id.to_string(),
        )?;
        if let Some(bytes) = self.ws.store().blob(&sha256)? {
            return Ok(bytes);
        }
        let token = self.ws.link().access_token()?;
        let request = DownloadRequest {
            patient_id: patient.as_uuid(),
            sha256: sha256.clone(),
        };
        let answer: Result<DownloadUrl> = post_json(
            &self.ws.link().http()?,
            server,
            "/v1/documents/download",
            &request,
            Some(&token),
        )
        .await;
        let url = self.ws.link().heed(answer)?;
        let download = self.store_client(server, &url.url)?.get(&url.url);
        let response = to_store(download.timeout(time_for(at_most))).await?;
        let bytes = response
            .bytes()
            .await
            .map_err(|e| Error::Offline(e.to_string()))?
            .to_vec();
        if sha256_hex(&bytes) != sha256 {
            // Tell the server: if its copy is damaged it drops it, and a workstation
            // that holds the document sends it again at its next sync.
            let check: Result<BlobCheck> = post_json(
                &self.ws.link().http()?,
                server,
                "/v1/documents/damaged",
                &request,
                Some(&token),
            )
            .await;
            return Err(Error::DamagedDownload {
                server_copy_damaged: matches!(check, Ok(BlobCheck { intact: false })),
            });
        }
        self.ws
            .store()
            .keep_blob(&sha256, patient, &bytes, "opened")?;
        Ok(bytes)
    }

    /// The HTTP client for a blob-store URL: this server's own (pinned) client when the
    /// store is the server itself, the system's trust otherwise.
    fn store_client(&self, server: &str, url: &str) -> Result<reqwest::Client> {
        if url.starts_with(server.trim_end_matches('/')) {
            self.ws.link().http()
        } else {
            crate::tls::client(None)
        }
    }

    /// Blobs waiting to upload, with the last failure if one was refused.
    pub fn uploads_waiting(&self) -> Result<Vec<(String, Option<String>)>> {
        self.ws.store().outbox()
    }

    /// Uploads every waiting blob. A blob the server refuses keeps its reason and waits
    /// for someone to act; a lost connection leaves the rest for the next sync, and an
    /// upload in parts resumes from the parts the store holds.
    pub(crate) async fn upload_documents(&self, server: &str, token: &str) -> Result<()> {
        let outgoing = self.ws.store().to_upload()?;
        for Outgoing {
            sha256,
            patient_id,
            size,
            upload_id,
        } in outgoing
        {
            let patient_id = patient_id
                .parse()
                .map_err(|_| Error::Damaged("patient id in the outbox"))?;
            let request = UploadRequest {
                patient_id,
                sha256: sha256.clone(),
                size,
                upload_id,
            };
            match self.upload_one(server, token, request).await {
                Ok(()) => {
                    self.ws.store().uploaded(&sha256)?;
                }
                Err(Error::Server { code, message })
                    if !matches!(
                        code,
                        bedside_shared::error::ErrorCode::Unavailable
                            | bedside_shared::error::ErrorCode::Unauthenticated
                    ) =>
                {
                    tracing::warn!(?code, "a document upload was refused");
                    self.ws.store().upload_refused(&sha256, &message)?;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    async fn upload_one(&self, server: &str, token: &str, request: UploadRequest) -> Result<()> {
        let http = self.ws.link().http()?;
        let plan: Result<UploadPlan> =
            post_json(&http, server, "/v1/documents/upload", &request, Some(token)).await;
        let complete = match self.ws.link().heed(plan)? {
            UploadPlan::Present => return Ok(()),
            UploadPlan::Single { url, .. } => {
                let bytes = self
                    .ws
                    .store()
                    .blob(&request.sha256)?
                    .ok_or(Error::NotFound("blob"))?;
                put(self.store_client(server, &url)?, &url, bytes).await?;
                CompleteRequest {
                    patient_id: request.patient_id,
                    sha256: request.sha256.clone(),
                    upload_id: None,
                    parts: Vec::new(),
                }
            }
            UploadPlan::Parts {
                upload_id,
                part_size,
                done,
                todo,
                ..
            } => {
                let mut sent = self.ws.store().parts_sent(&request.sha256, &upload_id)?;
                let bytes = self
                    .ws
                    .store()
                    .blob(&request.sha256)?
                    .ok_or(Error::NotFound("blob"))?;
                let mut parts = done;
                for part in &mut parts {
                    if part.etag.is_empty()
                        && let Some(etag) = sent.get(&part.number)
                    {
                        part.etag.clone_from(etag);
                    }
                }
                for part in todo {
                    let start = (part.number as u64 - 1) * part_size;
                    let end = (start + part_size).min(bytes.len() as u64);
                    let chunk = bytes[start as usize..end as usize].to_vec();
                    let etag = put(self.store_client(server, &part.url)?, &part.url, chunk).await?;
                    sent.insert(part.number, etag.clone());
                    self.ws.store().note_parts_sent(&request.sha256, &sent)?;
                    parts.push(DonePart {
                        number: part.number,
                        etag,
                    });
                }
                parts.sort_by_key(|p| p.number);
                CompleteRequest {
                    patient_id: request.patient_id,
                    sha256: request.sha256.clone(),
                    upload_id: Some(upload_id),
                    parts,
                }
            }
        };
        let done: Result<UploadPlan> = post_json(
            &http,
            server,
            "/v1/documents/complete",
            &complete,
            Some(token),
        )
        .await;
        self.ws.link().heed(done)?;
        Ok(())
    }
}
