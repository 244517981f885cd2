// Tables and their pagination, with their styles: imported by the pages
// that list rows (`import { ElTable, ElTableColumn } from '…/element/table.js'`).
import 'element-plus/es/components/table/style/css';
import 'element-plus/es/components/table-column/style/css';
import 'element-plus/es/components/pagination/style/css';

export { ElPagination, ElTable, ElTableColumn } from 'element-plus';
