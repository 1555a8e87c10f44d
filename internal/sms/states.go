package sms

// Task types (PostTask.type).
const (
	TaskTypeMigrateFile  = "MIGRATE_FILE"
	TaskTypeMigrateBlock = "MIGRATE_BLOCK"
)

// OS types.
const (
	OSTypeWindows = "WINDOWS"
	OSTypeLinux   = "LINUX"
)

// Task action operations (POST /v3/tasks/{id}/action).
const (
	OperationStart         = "start"
	OperationStop          = "stop"
	OperationRestart       = "restart"
	OperationTest          = "test"
	OperationCloneTest     = "clone_test" // needs TemplateID
	OperationNetworkCheck  = "network_check"
	OperationClear         = "clear"
	OperationSkip          = "skip"
	OperationMigrationTest = "migration_test"
)

// Task states (upper case). The ListTasks filter and the task responses use
// overlapping but different sets; these are the union.
const (
	TaskStateReady                = "READY"
	TaskStateRunning              = "RUNNING"
	TaskStateSyncing              = "SYNCING"
	TaskStateMigrateSuccess       = "MIGRATE_SUCCESS"
	TaskStateMigrateFail          = "MIGRATE_FAIL"
	TaskStateSyncSuccess          = "SYNC_SUCCESS"
	TaskStateSyncFail             = "SYNC_FAIL"
	TaskStateAborting             = "ABORTING"
	TaskStateAbort                = "ABORT"
	TaskStateSkipping             = "SKIPPING"
	TaskStateDeleting             = "DELETING"
	TaskStateReseting             = "RESETING" // sic: the API spells it with one T
	TaskStateSyncFRollbacking     = "SYNC_F_ROLLBACKING"
	TaskStateSyncFRollbackSuccess = "SYNC_F_ROLLBACK_SUCCESS"
)

// Source server states (lower case): source_server.state in tasks and state
// in the source server APIs.
const (
	SourceStateUnavailable  = "unavailable"
	SourceStateWaiting      = "waiting"
	SourceStateInitialize   = "initialize"
	SourceStateReplicate    = "replicate"
	SourceStateSyncing      = "syncing"
	SourceStateStopping     = "stopping"
	SourceStateStopped      = "stopped"
	SourceStateSkipping     = "skipping"
	SourceStateDeleting     = "deleting"
	SourceStateClearing     = "clearing"
	SourceStateCleared      = "cleared"
	SourceStateClearFailed  = "clearfailed"
	SourceStatePremigReady  = "premigready"
	SourceStatePremiging    = "premiging"
	SourceStatePremiged     = "premiged"
	SourceStatePremigFailed = "premigfailed"
	SourceStateCloning      = "cloning"
	SourceStateCutovering   = "cutovering"
	SourceStateFinished     = "finished"
	SourceStateError        = "error"
)

// Migration cycles of a source server.
const (
	MigrationCycleChecking    = "checking"
	MigrationCycleSetting     = "setting"
	MigrationCycleReplicating = "replicating"
	MigrationCycleSyncing     = "syncing"
	MigrationCycleCutovering  = "cutovering"
	MigrationCycleCutovered   = "cutovered"
)

// Log collection states (log_collect_status).
const (
	LogCollectInit       = "INIT"
	LogCollectUploading  = "UPLOADING"
	LogCollectUploadFail = "UPLOAD_FAIL"
	LogCollectUploaded   = "UPLOADED"
)

// Disk device uses.
const (
	DeviceUseNormal = "NORMAL"
	DeviceUseOS     = "OS"
	DeviceUseBoot   = "BOOT"
)
