//! TLS settings: which server certificates the client trusts, and the client certificate it
//! shows to servers that ask for mutual TLS.

use std::path::PathBuf;

use crate::error::{Error, Result};

/// PEM text, or the path of a file holding it.
///
/// ```
/// let inline = openmetadata::Pem::Text("-----BEGIN CERTIFICATE-----\n...".into());
/// let file = openmetadata::Pem::File("/etc/ssl/om-ca.pem".into());
/// assert_ne!(inline, file);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pem {
    /// A file with one or more PEM blocks.
    File(PathBuf),
    /// PEM blocks given inline.
    Text(String),
}

impl Pem {
    /// Reads a setting that may hold either form, as the connection's `caCertificate`,
    /// `sslCertificate` and `sslKey` do: text with a PEM header is PEM, anything else a path.
    ///
    /// ```
    /// use openmetadata::Pem;
    /// assert!(matches!(Pem::from_setting("/etc/ssl/ca.pem"), Pem::File(_)));
    /// assert!(matches!(Pem::from_setting("-----BEGIN CERTIFICATE-----\n..."), Pem::Text(_)));
    /// ```
    pub fn from_setting(value: &str) -> Pem {
        if value.trim_start().starts_with("-----BEGIN") {
            Pem::Text(value.to_string())
        } else {
            Pem::File(PathBuf::from(value))
        }
    }

    fn read(&self, what: &str) -> Result<Vec<u8>> {
        match self {
            Pem::Text(text) => Ok(text.as_bytes().to_vec()),
            Pem::File(path) => std::fs::read(path).map_err(|e| {
                Error::Config(format!("cannot read the {what} {}: {e}", path.display()))
            }),
        }
    }
}

/// Which server certificates the client trusts: the connection's `verifySSL`.
///
/// ```
/// use openmetadata::{Config, Pem, VerifySsl};
/// let config = Config::new("https://om.example.com/api")
///     .verify_ssl(VerifySsl::CaBundle(Pem::File("/etc/om/ca.pem".into())));
/// assert!(matches!(config.verify_ssl, VerifySsl::CaBundle(_)));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum VerifySsl {
    /// The platform's trusted roots (`no-ssl`, the Python SDK's default).
    #[default]
    System,
    /// No certificate check at all (`ignore`); for development only.
    Ignore,
    /// Only the CA certificates of this bundle (`validate` with `sslConfig.caCertificate`).
    CaBundle(Pem),
}

/// A client certificate and its private key, shown to servers that ask for mutual TLS
/// (the connection's `sslConfig.sslCertificate` and `sslConfig.sslKey`).
///
/// ```
/// use openmetadata::{ClientCertificate, Config, Pem};
/// let config = Config::new("https://om.example.com/api").client_certificate(ClientCertificate {
///     certificate: Pem::File("client.pem".into()),
///     key: Pem::File("client.key".into()),
/// });
/// assert!(config.client_certificate.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCertificate {
    /// The certificate (chain), PEM.
    pub certificate: Pem,
    /// Its private key (PKCS#8, PKCS#1 or SEC1), PEM.
    pub key: Pem,
}

/// Applies the TLS settings to an HTTP client builder.
pub(crate) fn configure(
    builder: reqwest::ClientBuilder,
    verify: &VerifySsl,
    client: Option<&ClientCertificate>,
) -> Result<reqwest::ClientBuilder> {
    let builder = match verify {
        VerifySsl::System => builder,
        VerifySsl::Ignore => builder.danger_accept_invalid_certs(true),
        VerifySsl::CaBundle(pem) => {
            let certs = reqwest::Certificate::from_pem_bundle(&pem.read("CA bundle")?)
                .map_err(|e| Error::Config(format!("the CA bundle is not PEM: {e}")))?;
            if certs.is_empty() {
                return Err(Error::Config(
                    "the CA bundle holds no certificate".to_string(),
                ));
            }
            builder.tls_certs_only(certs)
        }
    };
    let Some(client) = client else {
        return Ok(builder);
    };
    let mut pem = client.certificate.read("client certificate")?;
    pem.push(b'\n');
    pem.extend(client.key.read("client key")?);
    let identity = reqwest::Identity::from_pem(&pem).map_err(|e| {
        Error::Config(format!(
            "the client certificate and key are not a PEM certificate and private key: {e}"
        ))
    })?;
    Ok(builder.identity(identity))
}
