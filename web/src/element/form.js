// Forms and their fields, with their styles: imported by the pages that
// ask for input (search boxes, filters, steps, the self-check).
import 'element-plus/es/components/form/style/css';
import 'element-plus/es/components/form-item/style/css';
import 'element-plus/es/components/input/style/css';
import 'element-plus/es/components/select/style/css';
import 'element-plus/es/components/option/style/css';
import 'element-plus/es/components/checkbox/style/css';
import 'element-plus/es/components/radio/style/css';
import 'element-plus/es/components/radio-group/style/css';
import 'element-plus/es/components/input-number/style/css';
import 'element-plus/es/components/switch/style/css';

export {
  ElCheckbox, ElForm, ElFormItem, ElInput, ElInputNumber, ElOption, ElRadio, ElRadioGroup, ElSelect,
  ElSwitch,
} from 'element-plus';
