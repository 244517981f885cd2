// The zh-CN date and month picker, with its styles: imported by the pages
// that ask for a date or a month (a case's step, rolls, simulations).
import 'element-plus/es/components/date-picker/style/css';

export { ElDatePicker } from 'element-plus';
