// Every CLI command, in the order `vigil --help` lists them. Add a command by adding its file here.
import type { Command } from '../command';
import { statsMetrics } from './stats-metrics';
import { statsFairness } from './stats-fairness';
import { statsDrift } from './stats-drift';
import { train } from './train';
import { predict } from './predict';
import { datasetsList, datasetsUpload } from './remote-datasets';
import { runsShow, runsStart } from './remote-runs';
import { runsFinish, runsLog, runsMetric } from './remote-external-runs';
import { sweepsShow, sweepsStart } from './remote-sweeps';
import { modelsList, modelsRegister, modelsUpload } from './remote-models';
import { promoteCmd, rollbackCmd, statusCmd } from './remote-aliases';
import { retrainCmd, retrainsList } from './remote-retrain';
import { approveCmd, rejectCmd, requestPromotionCmd, requestsList, requestsShow } from './remote-promotions';
import { adminCreate } from './admin-create';

export const commands: Command[] = [
  // Offline: no server, database or Redis needed.
  train,
  predict,
  statsDrift,
  statsMetrics,
  statsFairness,
  // Online: against a running console, with an API token.
  datasetsUpload,
  datasetsList,
  runsStart,
  runsShow,
  runsLog,
  runsMetric,
  runsFinish,
  sweepsStart,
  sweepsShow,
  modelsList,
  modelsRegister,
  modelsUpload,
  requestPromotionCmd,
  requestsList,
  requestsShow,
  approveCmd,
  rejectCmd,
  retrainCmd,
  retrainsList,
  promoteCmd,
  rollbackCmd,
  statusCmd,
  // Against the database directly (DATABASE_URL), like the migrations.
  adminCreate,
];
