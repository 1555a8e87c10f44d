// Package smstask holds what the provider knows about the life of an SMS
// migration task, on top of the API client: which operation leads to which
// state (so "send the operation, wait for the outcome" is written once for the
// resource and the native action), and how to delete tasks past the service's
// deletion gate without losing track of any of them.
package smstask
