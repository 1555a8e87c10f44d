package smstask

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

func createBody(fake *fakecloud.Server, sourceID, name string) *sms.CreateTaskRequest {
	return &sms.CreateTaskRequest{
		Name: name, Type: sms.TaskTypeMigrateBlock, OsType: sms.OSTypeLinux,
		SourceServer: sms.SourceServerRef{ID: sourceID},
		TargetServer: sms.NewTargetServer{Name: name + "-target", Disks: []sms.Disk{{Name: "/dev/vda", DeviceUse: sms.DeviceUseBoot, Size: 40 << 30,
			PhysicalVolumes: []sms.PhysicalVolume{{Name: "/dev/vda1", DeviceUse: "OS", FileSystem: "ext4", MountPoint: "/", Size: 40 << 30}}}}},
		RegionName: "cn-north-4", RegionID: "cn-north-4", ProjectName: "cn-north-4", ProjectID: fake.ProjectID(),
	}
}

// stateFields is what the provider's state keeps of a task.
func stateFields(t *sms.Task) map[string]any {
	return map[string]any{
		"id": t.ID, "name": t.Name, "type": t.Type, "os_type": t.OsType, "source": t.SourceServer.ID, "source_state": t.SourceServer.State,
		"migration_ip": t.MigrationIP, "vm_template_id": t.VMTemplateID, "start_target_server": t.StartTargetServer,
		"need_migration_test": t.NeedMigrationTest, "speed_limit": t.SpeedLimit, "priority": t.Priority, "region": t.RegionName,
		"project": t.ProjectID, "ep": t.EnterpriseProjectID, "state": t.State, "connected": t.Connected, "progress": t.Progress(),
		"create_date": t.CreateDate, "migrate_speed": t.MigrateSpeed, "error_json": t.ErrorJSON,
		"vm_id": t.TargetServer.VMID, "target": t.TargetServer.Name, "disks": fmt.Sprint(t.TargetServer.Disks),
	}
}

// Creates in flight together share the read after their POST: in an
// account of 450 older tasks, the first wave finds its tasks at the end of
// the listing and later waves read that end first, one page each; every
// task reads as ShowTask shows it. A create alone reads by ID.
func TestReadCreatedSharesListingPages(t *testing.T) {
	fake, c := startFake(t, time.Hour, 3)
	fake.SeedTasks(450, fakecloud.TaskSpec{Name: "older"})
	ctx := ctxFor(t, 20*time.Second)
	svc := serviceFor(c)
	const waves, perWave = 4, 10
	for w := range waves {
		tickets := make([]*CreateTicket, perWave)
		for i := range tickets {
			tickets[i] = svc.BeginCreate()
		}
		var wg sync.WaitGroup
		for i, tk := range tickets {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer tk.Done()
				src := fake.SeedSource(fakecloud.SourceSpec{})
				body := createBody(fake, src.ID, fmt.Sprintf("w%d-%02d", w, i))
				id, err := c.CreateTask(ctx, body)
				if err != nil {
					t.Error(err)
					return
				}
				got, err := tk.ReadCreated(ctx, id, body)
				if err != nil {
					t.Error(err)
					return
				}
				want, err := c.ShowTask(ctx, id)
				if err != nil {
					t.Error(err)
					return
				}
				if g, w := stateFields(got), stateFields(want); !reflect.DeepEqual(g, w) {
					t.Errorf("task %s read after create:\n got %v\nwant %v", id, g, w)
				}
			}()
		}
		wg.Wait()
		st := fake.Stats().Routes
		t.Logf("after wave %d: %d ListTasks, %d ShowTask (%d of them the test's own)", w+1, st[fakecloud.RouteListTasks], st[fakecloud.RouteShowTask], (w+1)*perWave)
	}
	st := fake.Stats().Routes
	// The first wave: the head page, then two more to the end (450 older
	// tasks, 200 a page); the later waves: the last page.
	if got := st[fakecloud.RouteListTasks]; got > 3+waves-1 {
		t.Errorf("%d listing pages for %d waves", got, waves)
	}
	if got := st[fakecloud.RouteShowTask]; got != waves*perWave {
		t.Errorf("%d ShowTask: the creates read some by ID", got-waves*perWave)
	}

	fake.ResetStats()
	tk := svc.BeginCreate()
	defer tk.Done()
	src := fake.SeedSource(fakecloud.SourceSpec{})
	body := createBody(fake, src.ID, "alone")
	id, err := c.CreateTask(ctx, body)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tk.ReadCreated(ctx, id, body); err != nil {
		t.Fatal(err)
	}
	if st := fake.Stats().Routes; st[fakecloud.RouteShowTask] != 1 || st[fakecloud.RouteListTasks] != 0 {
		t.Errorf("a create alone: %v", st)
	}
}

// Once creates have run ten at once, creates handed over one at a time (a
// busy Terraform) wait for each other and still share listing pages.
func TestReadCreatedWaitsForSlowHandOver(t *testing.T) {
	fake, c := startFake(t, time.Hour, 3)
	ctx := ctxFor(t, 20*time.Second)
	svc := serviceFor(c)
	create := func(name string, tk *CreateTicket) error {
		defer tk.Done()
		src := fake.SeedSource(fakecloud.SourceSpec{})
		body := createBody(fake, src.ID, name)
		id, err := c.CreateTask(ctx, body)
		if err != nil {
			return err
		}
		got, err := tk.ReadCreated(ctx, id, body)
		if err == nil && got.ID != id {
			err = fmt.Errorf("read %s for %s", got.ID, id)
		}
		return err
	}
	run := func(n int, gap time.Duration) {
		var wg sync.WaitGroup
		for i := range n {
			tk := svc.BeginCreate()
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := create(fmt.Sprintf("c%02d", i), tk); err != nil {
					t.Error(err)
				}
			}()
			time.Sleep(gap)
		}
		wg.Wait()
	}
	run(10, 0)
	fake.ResetStats()
	const slow = 20
	run(slow, 15*time.Millisecond)
	st := fake.Stats().Routes
	if reads := st[fakecloud.RouteShowTask] + st[fakecloud.RouteListTasks]; reads > slow/2 {
		t.Errorf("%d creates handed over one by one: %d ShowTask, %d listing pages", slow, st[fakecloud.RouteShowTask], st[fakecloud.RouteListTasks])
	}
}
