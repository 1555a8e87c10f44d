package signer

import (
	"crypto/hmac"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// SignHTTP signs an outgoing request. The header params are the headers set on
// r at call time (set User-Agent, X-Project-Id and X-Security-Token first);
// it adds X-Sdk-Date and Authorization. Call it once per attempt so every
// retry carries a fresh date.
func SignHTTP(r *http.Request, body []byte, cred Credentials, now time.Time) error {
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return fmt.Errorf("signer: query string: %w", err)
	}
	req := &Request{Method: r.Method, Path: r.URL.Path, Query: queryParams(query), Headers: map[string]string{}, Body: body}
	for name, values := range r.Header {
		if len(values) > 0 && name != HeaderAuthorization {
			req.Headers[name] = values[0]
		}
	}
	// A stale date from an earlier attempt must not pin the time.
	delete(req.Headers, HeaderDate)
	if _, err := Sign(req, cred, now); err != nil {
		return err
	}
	for _, name := range []string{HeaderDate, HeaderAuthorization, HeaderContentSha256} {
		if v, ok := req.Headers[name]; ok {
			r.Header.Set(name, v)
		}
	}
	return nil
}

func queryParams(q url.Values) []QueryParam {
	var out []QueryParam
	for k, vs := range q {
		for _, v := range vs {
			out = append(out, QueryParam{Key: k, Value: v})
		}
	}
	return out
}

// Reason classifies a verification failure.
type Reason int

const (
	ReasonMissing    Reason = iota + 1 // no Authorization header
	ReasonMalformed                    // Authorization or X-Sdk-Date unreadable
	ReasonUnknownKey                   // access key not known
	ReasonDateSkew                     // X-Sdk-Date too far from the server clock
	ReasonMismatch                     // signature does not match
)

func (r Reason) String() string {
	switch r {
	case ReasonMissing:
		return "missing"
	case ReasonMalformed:
		return "malformed"
	case ReasonUnknownKey:
		return "unknown_key"
	case ReasonDateSkew:
		return "date_skew"
	case ReasonMismatch:
		return "mismatch"
	}
	return "unknown"
}

// VerifyError says why a request was rejected. It never carries the secret
// key or the expected signature.
type VerifyError struct {
	Reason Reason
	Detail string
}

func (e *VerifyError) Error() string {
	return "signature verification failed (" + e.Reason.String() + "): " + e.Detail
}

// KeyLookup returns the secret key of an access key.
type KeyLookup func(accessKey string) (secretKey string, ok bool)

// Verify checks a received request signed with SDK-HMAC-SHA256 or
// V11-HMAC-SHA256. body is the raw body as received. A maxSkew of zero skips
// the clock check. On success it returns the access key that signed.
//
// It trusts the SignedHeaders list the request declares (any header the client
// chose to sign) but insists that x-sdk-date is among them.
func Verify(r *http.Request, body []byte, keys KeyLookup, now time.Time, maxSkew time.Duration) (string, error) {
	auth := r.Header.Get(HeaderAuthorization)
	if auth == "" {
		return "", &VerifyError{ReasonMissing, "no Authorization header"}
	}
	parsed, err := parseAuthorization(auth)
	if err != nil {
		return "", err
	}
	if !contains(parsed.signedHeaders, "x-sdk-date") {
		return "", &VerifyError{ReasonMalformed, "x-sdk-date is not among the signed headers"}
	}
	dateText := r.Header.Get(HeaderDate)
	date, err := time.Parse(DateLayout, dateText)
	if err != nil {
		return "", &VerifyError{ReasonMalformed, "X-Sdk-Date is missing or not in " + DateLayout + " form"}
	}
	secret, ok := keys(parsed.accessKey)
	if !ok {
		return "", &VerifyError{ReasonUnknownKey, "access key " + parsed.accessKey + " is not known"}
	}
	if maxSkew > 0 {
		if d := now.Sub(date); d > maxSkew || d < -maxSkew {
			return parsed.accessKey, &VerifyError{ReasonDateSkew, fmt.Sprintf("X-Sdk-Date %s is more than %s away from the server clock", dateText, maxSkew)}
		}
	}
	cred := Credentials{AccessKey: parsed.accessKey, SecretKey: secret}
	if parsed.algorithm == DerivedAlgorithm {
		d, err := parsed.derivation(dateText)
		if err != nil {
			return "", err
		}
		cred.Derived = d
	}

	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "", &VerifyError{ReasonMalformed, "query string cannot be decoded"}
	}
	headers, err := receivedHeaders(r, parsed.signedHeaders)
	if err != nil {
		return "", err
	}
	hash := r.Header.Get(HeaderContentSha256)
	if hash == "" {
		hash = payloadHash(nil, body)
	}
	canonical := canonicalRequest(r.Method, r.URL.Path, queryParams(query), headers, strings.Join(parsed.signedHeaders, ";"), hash)
	_, want, _, err := finish(cred, date.UTC().Format(DateLayout), canonical, strings.Join(parsed.signedHeaders, ";"))
	if err != nil {
		return "", &VerifyError{ReasonMalformed, err.Error()}
	}
	if !hmac.Equal([]byte(want), []byte(parsed.signature)) {
		return parsed.accessKey, &VerifyError{ReasonMismatch, "the signature does not match the request"}
	}
	return parsed.accessKey, nil
}

// receivedHeaders rebuilds the canonical header block from the headers the
// request says it signed, in the order it lists them.
func receivedHeaders(r *http.Request, names []string) (string, error) {
	var b strings.Builder
	for _, name := range names {
		var values []string
		if name == "host" {
			values = []string{r.Host}
		} else {
			values = append(values, r.Header.Values(name)...)
		}
		if len(values) == 0 {
			return "", &VerifyError{ReasonMismatch, "signed header " + name + " is not in the request"}
		}
		sort.Strings(values)
		for _, v := range values {
			b.WriteString(name + ":" + strings.TrimSpace(v) + "\n")
		}
	}
	return b.String(), nil
}

type authorization struct {
	algorithm     string
	accessKey     string
	scope         string // V11 only: date/region/service
	signedHeaders []string
	signature     string
}

func parseAuthorization(h string) (*authorization, error) {
	algorithm, rest, ok := strings.Cut(h, " ")
	if !ok || (algorithm != Algorithm && algorithm != DerivedAlgorithm) {
		return nil, &VerifyError{ReasonMalformed, "Authorization must start with " + Algorithm + " or " + DerivedAlgorithm}
	}
	a := &authorization{algorithm: algorithm}
	for _, item := range strings.Split(rest, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(item), "=")
		switch name {
		case "Access":
			a.accessKey = value
		case "Credential":
			a.accessKey, a.scope, _ = strings.Cut(value, "/")
		case "SignedHeaders":
			a.signedHeaders = strings.Split(value, ";")
		case "Signature":
			a.signature = value
		}
	}
	if a.accessKey == "" || a.signature == "" || len(a.signedHeaders) == 0 {
		return nil, &VerifyError{ReasonMalformed, "Authorization lacks the access key, SignedHeaders or Signature"}
	}
	if !sort.StringsAreSorted(a.signedHeaders) {
		return nil, &VerifyError{ReasonMalformed, "SignedHeaders are not sorted"}
	}
	return a, nil
}

// derivation reads "YYYYMMDD/region/service" and checks it matches the date.
func (a *authorization) derivation(date string) (*Derivation, error) {
	parts := strings.Split(a.scope, "/")
	if len(parts) != 3 || parts[0] != date[:8] || parts[1] == "" || parts[2] == "" {
		return nil, &VerifyError{ReasonMalformed, "V11 credential scope must be <date>/<region>/<service> for the request date"}
	}
	return &Derivation{RegionID: parts[1], Service: parts[2]}, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
