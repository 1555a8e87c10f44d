package smstask

import "time"

// The timing of a Service, in one place: how long its shared calls wait for
// company, how long what they read stays good, and the bounds of the calls
// that run under no caller's deadline. The provider's own pacing (retries,
// polls, the delete batch window it sets) is its clientPacing; the waiter's
// default backoff is wait.MinInterval and wait.MaxInterval.

// DefaultDeleteBatchWindow is the batch window of a zero ServiceOptions
// (ServiceOptions.DeleteBatchWindow).
const DefaultDeleteBatchWindow = time.Second

// CreatedReadWindow bounds how long a create that has its task id waits for
// other creates to join its read. A batch goes earlier once as many creates
// wait as have ever been in flight at once (Terraform's parallelism, in
// effect): when Terraform hands creates over slowly, waiting for them is
// what lets one listing page serve them, and the waiting creates hold
// Terraform's slots, so the next ones come in the meantime.
const CreatedReadWindow = 500 * time.Millisecond

// ReadWindow and ReadBatchMin decide when reads share a listing: at least
// ReadBatchMin reads started within ReadWindow (reads.go).
const (
	ReadWindow   = 2 * time.Second
	ReadBatchMin = 8
	// SnapshotTTL is how long one listing serves reads.
	SnapshotTTL = 30 * time.Second
)

// QuietProgressInterval is how often a wait on which nothing moves is still
// reported: enough to show it is alive, without a line per poll (a six-hour
// replication polled every 10 s would otherwise print some 2,000 lines).
const QuietProgressInterval = time.Minute

// The bounds of the calls shared by several callers, which therefore run
// under none of their deadlines: one round of the delete engine, the
// listing that serves shared reads, and the listing that serves the reads
// after concurrent creates.
const (
	engineRound           = 5 * time.Minute
	listingTimeout        = 5 * time.Minute
	createdListingTimeout = time.Minute
)
