package smstask

import (
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

// Service is the task lifecycle of one provider instance. It holds what the
// resources of that instance share so that they make fewer API calls:
// concurrent deletes (coalesce.go), concurrent reads (reads.go) and the
// reads that follow concurrent creates (created.go). The
// provider builds one in Configure; it lives as long as the provider.
type Service struct {
	c             *sms.Client
	opts          ServiceOptions
	deletes       coalescer
	tasksListed   *sharedListing[sms.Task]
	sourcesListed *sharedListing[sms.SourceServer]
	created       createdReads
}

// ServiceOptions tune the sharing of one Service.
type ServiceOptions struct {
	// DeleteBatchWindow is how long the first of several concurrent deletes
	// waits for others to join its batch call. Zero means one second:
	// Terraform starts the deletes of a large state one by one, and a
	// shorter window sends many small batches.
	DeleteBatchWindow time.Duration
}

// DefaultDeleteBatchWindow is the batch window of a zero ServiceOptions.
const DefaultDeleteBatchWindow = time.Second

// NewService builds the lifecycle of the tasks reached through c.
func NewService(c *sms.Client, opts ServiceOptions) *Service {
	if opts.DeleteBatchWindow <= 0 {
		opts.DeleteBatchWindow = DefaultDeleteBatchWindow
	}
	return &Service{c: c, opts: opts, deletes: coalescer{kick: make(chan struct{}, 1), accepted: make(chan struct{}, 1)},
		tasksListed: newTaskListing(c), sourcesListed: newSourceListing(c), created: createdReads{kick: make(chan struct{}, 1)}}
}

// Client is the API client the service calls through.
func (s *Service) Client() *sms.Client { return s.c }
