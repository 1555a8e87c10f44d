// Package sms is the Huawei Cloud API client used by the provider: Server
// Migration Service (SMS v3) tasks and source servers, Distributed Cache
// Service (DCS v2) background tasks, and the two IAM calls needed to find a
// project id.
//
// Every call goes through one HTTP path (Client.do): request building, AK/SK
// signing or token auth, retries with backoff, per-attempt logging and typed
// error decoding live in one place so every operation behaves the same way.
package sms
