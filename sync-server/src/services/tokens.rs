//! Access tokens: short-lived, HMAC-SHA256-signed claims
//! (`base64url(json claims) "." base64url(mac)`), verifiable by every replica with the
//! shared key, plus the random refresh tokens that are stored only as hashes.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use bedside_shared::access::Role;
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// What an access token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user.
    pub sub: Uuid,
    /// The device the session is bound to.
    pub dev: Uuid,
    /// The session family (one login).
    pub fam: Uuid,
    /// The user's roles when issued.
    pub roles: Vec<Role>,
    /// Expiry, seconds since the Unix epoch.
    pub exp: i64,
}

/// The signing key.
#[derive(Clone)]
pub struct TokenKey([u8; 32]);

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey(..)")
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a token of ours, or altered.
    #[error("the access token is not valid")]
    Invalid,
    /// Past its expiry.
    #[error("the access token has expired")]
    Expired,
}

fn mac(key: &[u8; 32]) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length")
}

impl TokenKey {
    /// A key from stored bytes (a wrong length yields a fresh random key).
    pub fn from_bytes(bytes: &[u8]) -> Self {
        bytes
            .try_into()
            .map(Self)
            .unwrap_or_else(|_| Self::generate())
    }

    /// A fresh random key.
    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        Self(key)
    }

    /// The raw bytes, for storage.
    pub fn bytes(&self) -> Vec<u8> {
        self.0.to_vec()
    }

    /// Signs claims into a token.
    pub fn issue(&self, claims: &Claims) -> String {
        let body = B64.encode(serde_json::to_vec(claims).expect("claims serialize"));
        let mut m = mac(&self.0);
        m.update(body.as_bytes());
        format!("{body}.{}", B64.encode(m.finalize().into_bytes()))
    }

    /// Checks a token's signature and expiry at time `now` (Unix seconds).
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, TokenError> {
        let (body, signature) = token.split_once('.').ok_or(TokenError::Invalid)?;
        let signature = B64.decode(signature).map_err(|_| TokenError::Invalid)?;
        let mut m = mac(&self.0);
        m.update(body.as_bytes());
        m.verify_slice(&signature)
            .map_err(|_| TokenError::Invalid)?;
        let claims: Claims = B64
            .decode(body)
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok())
            .ok_or(TokenError::Invalid)?;
        if claims.exp <= now {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

/// A new random refresh token.
pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    B64.encode(bytes)
}

/// What is stored of a refresh token: its SHA-256.
pub fn refresh_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            sub: Uuid::now_v7(),
            dev: Uuid::now_v7(),
            fam: Uuid::now_v7(),
            roles: vec![Role::Nurse],
            exp,
        }
    }

    #[test]
    fn tokens_verify_until_they_expire() {
        let key = TokenKey::generate();
        let token = key.issue(&claims(1_000));
        assert_eq!(
            key.verify(&token, 999).map(|c| c.roles),
            Ok(vec![Role::Nurse])
        );
        assert_eq!(key.verify(&token, 1_000), Err(TokenError::Expired));
    }

    #[test]
    fn altered_or_foreign_tokens_are_refused() {
        let key = TokenKey::generate();
        let token = key.issue(&claims(1_000));
        let (body, sig) = token.split_once('.').unwrap();
        let mut forged = claims(1_000);
        forged.roles = vec![Role::Admin];
        let forged_body = B64.encode(serde_json::to_vec(&forged).unwrap());
        assert_eq!(
            key.verify(&format!("{forged_body}.{sig}"), 0),
            Err(TokenError::Invalid),
            "changed claims"
        );
        assert_eq!(
            TokenKey::generate().verify(&token, 0),
            Err(TokenError::Invalid),
            "another server's key"
        );
        assert_eq!(
            key.verify(body, 0),
            Err(TokenError::Invalid),
            "no signature"
        );
    }
}
