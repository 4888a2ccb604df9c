function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with jest so that test/support/global-setup.ts runs`);
  return value;
}

export const testEnv = {
  get databaseUrl() {
    return required('TEST_DATABASE_URL');
  },
  get temporalAddress() {
    return required('TEST_TEMPORAL_ADDRESS');
  },
  get workflowBundle() {
    return required('TEST_WORKFLOW_BUNDLE');
  },
};
