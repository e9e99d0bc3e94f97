//! A throwaway certificate authority and a server certificate for `localhost` and
//! 127.0.0.1, written as PEM files, for serving HTTPS in tests.

use std::path::Path;

use bedside_server::TlsFiles;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};

/// A CA and the files of a server certificate it signed.
#[derive(Debug)]
pub struct TestCa {
    /// The CA certificate, PEM (what a workstation pins).
    pub ca_pem: String,
    /// The server's certificate chain and key.
    pub files: TlsFiles,
}

impl TestCa {
    /// Makes a CA and a `localhost` server certificate under `dir`.
    pub fn new(dir: &Path) -> Self {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
        let server_key = KeyPair::generate().unwrap();
        let server_params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        let server = server_params.signed_by(&server_key, &ca).unwrap();
        let files = TlsFiles {
            cert: dir.join("server.pem"),
            key: dir.join("server.key"),
        };
        std::fs::write(&files.cert, server.pem()).unwrap();
        std::fs::write(&files.key, server_key.serialize_pem()).unwrap();
        Self {
            ca_pem: ca.pem(),
            files,
        }
    }
}
