// Defaults for every integration test file; the servers' addresses come from global-setup.
process.env.JWT_SECRET ??= 'integration-tests-secret-0123456789abcdef';
process.env.TEMPORAL_TASK_QUEUE ??= 'pdca-test';
