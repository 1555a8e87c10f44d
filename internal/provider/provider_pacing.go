package provider

import (
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
	"github.com/smsops/terraform-provider-huaweicloud/internal/wait"
)

// clientPacing is the provider's timing that users do not set: the timing
// part of sms.Config and the batch window of the task Service (whose other
// timing is smstask's pacing.go). The zero value keeps every default;
// acceptance tests shorten them so that retry and wait scenarios against
// the fake run in milliseconds.
type clientPacing struct {
	RetryWaitMin, RetryWaitMax, RequestTimeout time.Duration
	Poll                                       wait.Policy
	Throttle                                   sms.ThrottlePacing
	DeleteBatchWindow                          time.Duration
	// Now is the client's clock (signing, credential expiry); nil is
	// time.Now. Tests that move a fake cloud's clock share it.
	Now func() time.Time
}
