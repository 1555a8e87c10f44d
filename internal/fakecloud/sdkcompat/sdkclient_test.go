package sdkcompat

import (
	"net/http/httptest"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	sms "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/sms/v3"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/sms/v3/model"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
)

// TestRealSDKClient drives the fake with the SDK's own SMS client: its
// signatures must verify and its typed responses must decode.
func TestRealSDKClient(t *testing.T) {
	fake := fakecloud.New(fakecloud.Options{})
	srv := httptest.NewServer(fake)
	defer srv.Close()
	task := fake.SeedTask(fakecloud.TaskSpec{Name: "via-sdk"})

	auth, err := basic.NewCredentialsBuilder().WithAk(fakecloud.DefaultAccessKey).WithSk(fakecloud.DefaultSecretKey).
		WithProjectId(fake.ProjectID()).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hc, err := sms.SmsClientBuilder().WithEndpoints([]string{srv.URL}).WithCredential(auth).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	client := sms.NewSmsClient(hc)

	limit := int32(10)
	list, err := client.ListTasks(&model.ListTasksRequest{Limit: &limit})
	if err != nil {
		t.Fatal(err)
	}
	if *list.Count != 1 || *(*list.Tasks)[0].Id != task.ID {
		t.Fatalf("list: %+v", list)
	}
	if _, err := client.UpdateTaskStatus(&model.UpdateTaskStatusRequest{TaskId: task.ID,
		Body: &model.UpdateTaskStatusReq{Operation: model.GetUpdateTaskStatusReqOperationEnum().START}}); err != nil {
		t.Fatal(err)
	}
	show, err := client.ShowTask(&model.ShowTaskRequest{TaskId: task.ID})
	if err != nil {
		t.Fatal(err)
	}
	if show.State.Value() != "RUNNING" || show.SourceServer.State.Value() != "initialize" {
		t.Fatalf("show: %+v", show)
	}
	_, err = client.DeleteTask(&model.DeleteTaskRequest{TaskId: task.ID})
	if err == nil {
		t.Fatal("delete of a running task was accepted")
	}
	if st := fake.Stats(); st.Verified != st.Total || st.Total != 4 || st.NoProjectHeader != 0 {
		t.Fatalf("stats: %+v", st)
	}
}
