// Record details, with their styles: descriptions (label and value),
// foldable sections and timelines, imported by the pages of one record.
import 'element-plus/es/components/descriptions/style/css';
import 'element-plus/es/components/descriptions-item/style/css';
import 'element-plus/es/components/collapse/style/css';
import 'element-plus/es/components/collapse-item/style/css';
import 'element-plus/es/components/timeline/style/css';
import 'element-plus/es/components/timeline-item/style/css';

export {
  ElCollapse, ElCollapseItem, ElDescriptions, ElDescriptionsItem, ElTimeline, ElTimelineItem,
} from 'element-plus';
