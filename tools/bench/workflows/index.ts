// The bench worker's bundle: the product's workflows and the floor, so both run on one worker
// and one task queue with the same options.
export * from '../../../workflows';
export { benchFloorWorkflow } from './floor.workflow';
