//! Blobs in an S3 bucket (AWS or any S3-compatible store), through aws-sdk-s3: the
//! server checks and joins; workstations PUT and GET through presigned URLs.

use std::time::SystemTime;

use aws_sdk_s3::Client;
use aws_sdk_s3::config::{
    BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation,
};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use secrecy::ExposeSecret;
use time::OffsetDateTime;

use super::{Presigned, StoreError, StoredPart, URL_LIFETIME};
use crate::config::BlobStoreSettings;

/// One bucket.
#[derive(Debug)]
pub struct S3Store {
    client: Client,
    bucket: String,
}

fn presigning() -> Result<PresigningConfig, StoreError> {
    PresigningConfig::expires_in(URL_LIFETIME).map_err(StoreError::from)
}

impl S3Store {
    /// A client for the bucket `settings` name.
    pub fn open(settings: &BlobStoreSettings) -> Self {
        let BlobStoreSettings::S3 {
            endpoint,
            region,
            bucket,
            access_key,
            secret_key,
            path_style,
        } = settings
        else {
            unreachable!("S3Store::open is given S3 settings");
        };
        let credentials = Credentials::new(
            access_key.expose_secret(),
            secret_key.expose_secret(),
            None,
            None,
            "bedside-config",
        );
        let mut config = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(region.clone()))
            .credentials_provider(credentials)
            .force_path_style(*path_style)
            // Presigned URLs must not demand a checksum of bytes the server has not seen.
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
        if let Some(endpoint) = endpoint {
            config = config.endpoint_url(endpoint);
        }
        Self {
            client: Client::from_conf(config.build()),
            bucket: bucket.clone(),
        }
    }

    pub(super) async fn size(&self, key: &str) -> Result<Option<u64>, StoreError> {
        let head = self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await;
        match head {
            Ok(head) => Ok(Some(head.content_length().unwrap_or(0).max(0) as u64)),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(None),
            Err(e) => Err(StoreError::from(aws_sdk_s3::error::DisplayErrorContext(e))),
        }
    }

    pub(super) async fn read(&self, key: &str) -> Result<Vec<u8>, StoreError> {
        let object = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| StoreError::from(aws_sdk_s3::error::DisplayErrorContext(e)))?;
        let bytes = object.body.collect().await.map_err(StoreError::from)?;
        Ok(bytes.into_bytes().to_vec())
    }

    pub(super) async fn write(&self, key: &str, bytes: Vec<u8>) -> Result<(), StoreError> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .body(bytes.into())
            .send()
            .await
            .map_err(|e| StoreError::from(aws_sdk_s3::error::DisplayErrorContext(e)))?;
        Ok(())
    }

    /// Keys under `prefix` last written before `before`.
    pub(super) async fn written_before(
        &self,
        prefix: &str,
        before: OffsetDateTime,
    ) -> Result<Vec<String>, StoreError> {
        let mut keys = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .client
                .list_objects_v2()
                .bucket(&self.bucket)
                .prefix(prefix)
                .set_continuation_token(token.take())
                .send()
                .await
                .map_err(|e| StoreError::from(aws_sdk_s3::error::DisplayErrorContext(e)))?;
            for object in page.contents() {
                let old = object
                    .last_modified()
                    .is_some_and(|at| at.secs() <= before.unix_timestamp());
                if let (true, Some(key)) = (old, object.key()) {
                    keys.push(key.to_owned());
                }
            }
            match page.next_continuation_token() {
                Some(next) => token = Some(next.to_owned()),
                None => return Ok(keys),
            }
        }
    }

    pub(super) async fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| StoreError::from(aws_sdk_s3::error::DisplayErrorContext(e)))?;
        Ok(())
    }

    pub(super) async fn presign_put(&self, key: &str, size: u64) -> Result<Presigned, StoreError> {
        let request = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_length(size as i64)
            .presigned(presigning()?)
            .await
            .map_err(StoreError::from)?;
        Ok(Presigned::new(request.uri().to_owned()))
    }

    pub(super) async fn presign_get(&self, key: &str) -> Result<Presigned, StoreError> {
        self.presign_get_for(key, SystemTime::now(), URL_LIFETIME)
            .await
    }

    /// A URL to GET the blob `key`, signed as of `issued` and working for `lifetime` from
    /// then (the time is the caller's, so a check of expiry moves it rather than waits).
    pub async fn presign_get_for(
        &self,
        key: &str,
        issued: SystemTime,
        lifetime: std::time::Duration,
    ) -> Result<Presigned, StoreError> {
        let config = PresigningConfig::builder()
            .start_time(issued)
            .expires_in(lifetime)
            .build()
            .map_err(StoreError::from)?;
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .presigned(config)
            .await
            .map_err(StoreError::from)?;
        Ok(Presigned {
            url: request.uri().to_owned(),
            expires_at: OffsetDateTime::from(issued) + lifetime,
        })
    }

    pub(super) async fn start_parts(&self, key: &str) -> Result<String, StoreError> {
        let started = self
            .client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| StoreError::from(aws_sdk_s3::error::DisplayErrorContext(e)))?;
        started
            .upload_id()
            .map(str::to_owned)
            .ok_or_else(|| StoreError("the store gave no upload id".into()))
    }

    pub(super) async fn presign_part(
        &self,
        key: &str,
        upload: &str,
        number: i32,
    ) -> Result<Presigned, StoreError> {
        let request = self
            .client
            .upload_part()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload)
            .part_number(number)
            .presigned(presigning()?)
            .await
            .map_err(StoreError::from)?;
        Ok(Presigned::new(request.uri().to_owned()))
    }

    pub(super) async fn stored_parts(
        &self,
        key: &str,
        upload: &str,
    ) -> Result<Vec<StoredPart>, StoreError> {
        let listed = self
            .client
            .list_parts()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload)
            .send()
            .await
            .map_err(|e| StoreError::from(aws_sdk_s3::error::DisplayErrorContext(e)))?;
        Ok(listed
            .parts()
            .iter()
            .filter_map(|p| {
                // Some S3-compatible stores list parts without their tags; the
                // workstation remembers the tags it was given.
                Some(StoredPart {
                    number: p.part_number()?,
                    etag: p.e_tag().unwrap_or_default().to_owned(),
                })
            })
            .collect())
    }

    pub(super) async fn finish_parts(
        &self,
        key: &str,
        upload: &str,
        parts: &[StoredPart],
    ) -> Result<(), StoreError> {
        let completed = parts
            .iter()
            .map(|p| {
                CompletedPart::builder()
                    .part_number(p.number)
                    .e_tag(&p.etag)
                    .build()
            })
            .collect();
        self.client
            .complete_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload)
            .multipart_upload(
                CompletedMultipartUpload::builder()
                    .set_parts(Some(completed))
                    .build(),
            )
            .send()
            .await
            .map_err(|e| StoreError::from(aws_sdk_s3::error::DisplayErrorContext(e)))?;
        Ok(())
    }
}
