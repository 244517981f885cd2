// The Element Plus components every page may show, registered once with
// their styles: the layouts (container, menu, breadcrumb, drawer), buttons,
// and the light ones (alert, card, grid, tag, empty, result, loading).
// The heavy ones — tables, form fields, the date picker, descriptions —
// are imported by the pages that use them (table.js, form.js, date.js,
// details.js beside this file), so a page's first load parses only its own.
import {
  ElAlert, ElAside, ElBreadcrumb, ElBreadcrumbItem, ElButton, ElCard, ElCol, ElConfigProvider, ElContainer,
  ElDrawer, ElEmpty, ElHeader, ElLoading, ElMain, ElMenu, ElMenuItem, ElMenuItemGroup, ElResult, ElRow, ElTag,
} from 'element-plus';
// their styles (each with those of the parts it is made of), not the whole theme
import 'element-plus/theme-chalk/base.css';
import 'element-plus/es/components/alert/style/css';
import 'element-plus/es/components/aside/style/css';
import 'element-plus/es/components/breadcrumb/style/css';
import 'element-plus/es/components/breadcrumb-item/style/css';
import 'element-plus/es/components/button/style/css';
import 'element-plus/es/components/card/style/css';
import 'element-plus/es/components/col/style/css';
import 'element-plus/es/components/config-provider/style/css';
import 'element-plus/es/components/container/style/css';
import 'element-plus/es/components/drawer/style/css';
import 'element-plus/es/components/empty/style/css';
import 'element-plus/es/components/header/style/css';
import 'element-plus/es/components/loading/style/css';
import 'element-plus/es/components/main/style/css';
import 'element-plus/es/components/menu/style/css';
import 'element-plus/es/components/menu-item/style/css';
import 'element-plus/es/components/menu-item-group/style/css';
import 'element-plus/es/components/result/style/css';
import 'element-plus/es/components/row/style/css';
import 'element-plus/es/components/tag/style/css';

const COMPONENTS = [
  ElAlert, ElAside, ElBreadcrumb, ElBreadcrumbItem, ElButton, ElCard, ElCol, ElConfigProvider, ElContainer,
  ElDrawer, ElEmpty, ElHeader, ElLoading, ElMain, ElMenu, ElMenuItem, ElMenuItemGroup, ElResult, ElRow, ElTag,
];

export default {
  install(app) {
    for (const c of COMPONENTS) app.use(c);
  },
};
