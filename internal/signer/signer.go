// Package signer implements Huawei Cloud's AK/SK request signing
// ("SDK-HMAC-SHA256", and the derived-key "V11-HMAC-SHA256" variant) together
// with the server-side verification the fake cloud uses.
//
// The algorithm follows the official Go SDK byte for byte, quirks included;
// the vectors in testdata/signing-vectors.json (made with the SDK) pin it. The package is
// deliberately small and dependency-free: it is security-critical, so every
// rule below is exercised by a vector or a test.
package signer

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

const (
	// Algorithm is the default signing algorithm.
	Algorithm = "SDK-HMAC-SHA256"
	// DerivedAlgorithm is the derived-key variant, used only when asked for.
	DerivedAlgorithm = "V11-HMAC-SHA256"

	HeaderDate          = "X-Sdk-Date"
	HeaderAuthorization = "Authorization"
	HeaderContentSha256 = "X-Sdk-Content-Sha256"
	headerContentType   = "Content-Type"

	// DateLayout is the X-Sdk-Date format, always UTC.
	DateLayout = "20060102T150405Z"
	// UnsignedPayload replaces the body hash for non-JSON content types.
	UnsignedPayload = "UNSIGNED-PAYLOAD"
)

// QueryParam is one query pair as handed to the signer. Order is kept and
// keys may repeat; canonicalisation sorts them.
type QueryParam struct{ Key, Value string }

// Request is the signer's view of a request before it goes on the wire.
type Request struct {
	Method string
	// Path is raw and un-encoded, e.g. "/v3/tasks/a b".
	Path  string
	Query []QueryParam
	// Headers are the header params, names in the caller's case. Sign adds
	// X-Sdk-Date, Authorization and, for non-JSON bodies, X-Sdk-Content-Sha256.
	Headers map[string]string
	Body    []byte
}

// Credentials are an access key pair. A non-nil Derived selects V11.
type Credentials struct {
	AccessKey string
	SecretKey string
	Derived   *Derivation
}

// Derivation parametrises the V11-HMAC-SHA256 key derivation.
type Derivation struct {
	Service  string // e.g. "sms"
	RegionID string // e.g. "cn-north-4"; "globe" for global credentials
}

// String keeps the secret key out of any accidental %v formatting.
func (c Credentials) String() string {
	return "Credentials{AccessKey:" + c.AccessKey + ", SecretKey:<redacted>}"
}

// GoString is the %#v form; it redacts too.
func (c Credentials) GoString() string { return c.String() }

// Result exposes every intermediate value so tests can compare with vectors.
type Result struct {
	CanonicalRequest string
	StringToSign     string
	SignedHeaders    string
	PayloadHash      string
	Date             string
	Signature        string
	Authorization    string
}

// ErrMissingCredentials is returned when the AK or the SK is empty.
var ErrMissingCredentials = errors.New("signer: access key and secret key are required")

// Sign signs req in place. The time comes from a parseable X-Sdk-Date header
// param when present (that is how callers pin it), else from now.
func Sign(req *Request, cred Credentials, now time.Time) (Result, error) {
	if cred.AccessKey == "" || cred.SecretKey == "" {
		return Result{}, ErrMissingCredentials
	}
	if cred.Derived != nil && (cred.Derived.Service == "" || cred.Derived.RegionID == "") {
		return Result{}, errors.New("signer: derived signing needs a service name and a region id")
	}
	if req.Headers == nil {
		req.Headers = map[string]string{}
	}
	// Non-JSON bodies are not hashed; the lookup is case-sensitive, as in the SDK.
	if ct, ok := req.Headers[headerContentType]; ok &&
		!strings.Contains(ct, "application/json") && !strings.Contains(ct, "application/bson") {
		req.Headers[HeaderContentSha256] = UnsignedPayload
	}
	t, err := time.Parse(DateLayout, req.Headers[HeaderDate])
	if err != nil {
		t = now
	}
	date := t.UTC().Format(DateLayout)
	req.Headers[HeaderDate] = date

	names := signedHeaderNames(req.Headers)
	res := Result{Date: date, SignedHeaders: strings.Join(names, ";"), PayloadHash: payloadHash(req.Headers, req.Body)}
	res.CanonicalRequest = canonicalRequest(req.Method, req.Path, req.Query, canonicalHeaders(req.Headers, names), res.SignedHeaders, res.PayloadHash)
	res.StringToSign, res.Signature, res.Authorization, err = finish(cred, date, res.CanonicalRequest, res.SignedHeaders)
	if err != nil {
		return Result{}, err
	}
	req.Headers[HeaderAuthorization] = res.Authorization
	return res, nil
}

// finish turns a canonical request into the string to sign, the signature and
// the Authorization header value.
func finish(cred Credentials, date, canonical, signedHeaders string) (stringToSign, signature, authorization string, err error) {
	sum := sha256.Sum256([]byte(canonical))
	hashed := hex.EncodeToString(sum[:])
	if cred.Derived == nil {
		stringToSign = Algorithm + "\n" + date + "\n" + hashed
		signature = hmacHex([]byte(cred.SecretKey), stringToSign)
		authorization = fmt.Sprintf("%s Access=%s, SignedHeaders=%s, Signature=%s", Algorithm, cred.AccessKey, signedHeaders, signature)
		return stringToSign, signature, authorization, nil
	}
	info := date[:8] + "/" + cred.Derived.RegionID + "/" + cred.Derived.Service
	key, err := hkdf.Key(sha256.New, []byte(cred.SecretKey), []byte(cred.AccessKey), info, 32)
	if err != nil {
		return "", "", "", fmt.Errorf("signer: deriving key: %w", err)
	}
	stringToSign = DerivedAlgorithm + "\n" + date + "\n" + info + "\n" + hashed
	// The SDK keys the HMAC with the hex text of the derived key, not its bytes.
	signature = hmacHex([]byte(hex.EncodeToString(key)), stringToSign)
	authorization = fmt.Sprintf("%s Credential=%s/%s, SignedHeaders=%s, Signature=%s", DerivedAlgorithm, cred.AccessKey, info, signedHeaders, signature)
	return stringToSign, signature, authorization, nil
}

func hmacHex(key []byte, msg string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

func canonicalRequest(method, path string, query []QueryParam, headers, signedHeaders, payloadHash string) string {
	return strings.Join([]string{method, canonicalURI(path), canonicalQuery(query), headers, signedHeaders, payloadHash}, "\n")
}

// canonicalURI escapes each segment of the raw path strictly and makes sure
// the result ends in exactly one added "/".
func canonicalURI(path string) string {
	segments := strings.Split(path, "/")
	for i, s := range segments {
		segments[i] = escape(s)
	}
	uri := strings.Join(segments, "/")
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	return uri
}

// canonicalQuery sorts keys, then each key's values, by their raw bytes and
// escapes afterwards (unlike AWS SigV4, which sorts escaped forms).
func canonicalQuery(params []QueryParam) string {
	if len(params) == 0 {
		return ""
	}
	byKey := map[string][]string{}
	for _, p := range params {
		byKey[p.Key] = append(byKey[p.Key], p.Value)
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var pairs []string
	for _, k := range keys {
		values := append([]string(nil), byKey[k]...)
		sort.Strings(values)
		for _, v := range values {
			pairs = append(pairs, escape(k)+"="+escape(v))
		}
	}
	return strings.Join(pairs, "&")
}

// signedHeaderNames lists the lower-cased names of every header param except
// Content-Type* and names with an underscore, sorted. A name given in two
// cases is listed twice, as the SDK does.
func signedHeaderNames(headers map[string]string) []string {
	var names []string
	for name := range headers {
		lower := strings.ToLower(name)
		if strings.HasPrefix(lower, "content-type") || strings.Contains(lower, "_") {
			continue
		}
		names = append(names, lower)
	}
	sort.Strings(names)
	return names
}

// canonicalHeaders emits "name:value\n" for every listed name, with all values
// whose name lower-cases to it, sorted then trimmed.
func canonicalHeaders(headers map[string]string, names []string) string {
	values := map[string][]string{}
	for name, v := range headers {
		lower := strings.ToLower(name)
		values[lower] = append(values[lower], v)
	}
	var b strings.Builder
	for _, name := range names {
		vs := values[name]
		sort.Strings(vs)
		for _, v := range vs {
			b.WriteString(name)
			b.WriteByte(':')
			b.WriteString(strings.TrimSpace(v))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func payloadHash(headers map[string]string, body []byte) string {
	if v, ok := headers[HeaderContentSha256]; ok {
		return v
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// escape percent-encodes every byte outside A-Z a-z 0-9 - _ . ~ with
// upper-case hex, so a space is %20 and multi-byte runes become one %XY per byte.
func escape(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&0x0f])
	}
	return b.String()
}
