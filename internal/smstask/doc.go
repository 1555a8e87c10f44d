// Package smstask holds what the provider knows about the life of an SMS
// migration task, on top of the API client: which operation leads to which
// state (so "send the operation, wait for the outcome" is written once for the
// resource and the native action), and how to delete tasks past the service's
// deletion gate without losing track of any of them.
//
// It also lets the resources of one provider instance share API calls at
// scale: deletes running at the same time go out in batch calls and wait for
// "gone" together (engine.go), and many reads at once are served by one
// listing when that is cheaper (reads.go). Both fall back to the per-task
// calls whenever sharing cannot answer for a task.
package smstask
