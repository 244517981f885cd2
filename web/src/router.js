// Routes and the side menu from one table: each entry names its page, its
// title (menu, breadcrumb and document title), the menu group (by service)
// and the roles that may use it; entries without a group are pages reached
// from others, shown in the breadcrumb under their parent. Hash history, so
// a page reloaded in the browser is always index.html.
import { createRouter, createWebHashHistory } from 'vue-router';
import { currentUser, forget } from './stores/session.js';
import { setUnauthenticatedHandler } from './api/request.js';
import ConsoleLayout from './layouts/ConsoleLayout.vue';
import PublicLayout from './layouts/PublicLayout.vue';

const ALL = ['city_admin', 'district', 'street', 'community', 'auditor', 'provider'];
const CASEWORK = ['city_admin', 'district', 'street', 'community', 'auditor'];
const MANAGERS = ['city_admin', 'district'];
// 免申即享: the street offices that confirm, their county and the city
const AUTOGRANT = ['city_admin', 'district', 'street'];
const CARE = ALL; // provider accounts: their own provider's work only
const ORGS = [...CASEWORK, 'org']; // organization accounts: their own organization only
// children's data: to the fewest roles (儿童主任, 儿童督导员, county, city)
const CHILDREN = ['city_admin', 'district', 'child_supervisor', 'child_director'];
// child-welfare institutions: the county, the city and institution accounts
// (their own institution's children only)
const INSTITUTIONS = ['city_admin', 'district', 'child_institution'];
// disability records (mental health among them): streets, county, city
const DISABILITY = ['city_admin', 'district', 'street'];
// 婚姻登记 is done at the county's office: its accounts, the city's, the auditors
const REGISTRARS = [...MANAGERS, 'auditor'];
// supervision: the city, the counties and the auditors
const SUPERVISORS = [...MANAGERS, 'auditor'];

// The console's pages. group: the menu's service heading ('' = top level).
export const PAGES = [
  { path: '/queue', name: 'queue', title: '工作台', group: '', roles: CASEWORK,
    component: () => import('./views/assistance/QueueView.vue') },
  { path: '/cases', name: 'cases', title: '申请案件', group: '社会救助', roles: CASEWORK,
    component: () => import('./views/assistance/CasesView.vue') },
  { path: '/autogrant', name: 'autogrant', title: '免申即享', group: '社会救助', roles: AUTOGRANT,
    component: () => import('./views/assistance/AutograntView.vue') },
  { path: '/rolls', name: 'rolls', title: '发放名册', group: '社会救助', roles: [...MANAGERS, 'auditor'],
    component: () => import('./views/assistance/RollsView.vue') },
  { path: '/simulate', name: 'simulate', title: '政策模拟', group: '社会救助', roles: MANAGERS,
    component: () => import('./views/assistance/SimulateView.vue') },
  { path: '/households', name: 'households', title: '我的辖区家庭', group: '人口和家庭', roles: CASEWORK,
    component: () => import('./views/registry/HouseholdsView.vue') },
  { path: '/care/assessments', name: 'assessments', title: '能力评估', group: '养老服务', roles: CASEWORK,
    component: () => import('./views/care/AssessmentsView.vue') },
  { path: '/visits', name: 'visits', title: '探访关爱', group: '养老服务', roles: CASEWORK,
    component: () => import('./views/care/VisitsView.vue') },
  { path: '/alarms', name: 'alarms', title: '报警看板', group: '养老服务', roles: ALL,
    component: () => import('./views/care/AlarmsView.vue') },
  { path: '/volunteers', name: 'volunteers', title: '银龄志愿者', group: '养老服务', roles: CASEWORK,
    component: () => import('./views/care/VolunteersView.vue') },
  { path: '/care/providers', name: 'providers', title: '服务机构', group: '养老服务', roles: CARE,
    component: () => import('./views/care/ProvidersView.vue') },
  { path: '/care/orders', name: 'orders', title: '服务订单', group: '养老服务', roles: CARE,
    component: () => import('./views/care/OrdersView.vue') },
  { path: '/care/canteens', name: 'canteens', title: '助餐报表', group: '养老服务', roles: CARE,
    component: () => import('./views/care/CanteenView.vue') },
  { path: '/care/coverage', name: 'coverage', title: '助餐服务圈', group: '养老服务', roles: CASEWORK,
    component: () => import('./views/care/CoverageView.vue') },
  { path: '/orgs', name: 'orgs', title: '社会组织', group: '社会组织与慈善', roles: ORGS,
    component: () => import('./views/orgs/OrgsView.vue') },
  { path: '/orgs/reports', name: 'org-reports', title: '年度报告审查', group: '社会组织与慈善', roles: CASEWORK,
    component: () => import('./views/orgs/ReportsView.vue') },
  { path: '/orgs/campaigns', name: 'campaigns', title: '募捐与信息公开', group: '社会组织与慈善', roles: ORGS,
    component: () => import('./views/orgs/CampaignsView.vue') },
  { path: '/orgs/referrals', name: 'charity-referrals', title: '慈善转介', group: '社会组织与慈善', roles: ORGS,
    component: () => import('./views/orgs/ReferralsView.vue') },
  { path: '/gazetteer', name: 'gazetteer', title: '地名录', group: '地名和区划', roles: CASEWORK,
    component: () => import('./views/placename/GazetteerView.vue') },
  { path: '/placename-cases', name: 'placename-cases', title: '命名更名', group: '地名和区划', roles: CASEWORK,
    component: () => import('./views/placename/NamingCasesView.vue') },
  { path: '/division-changes', name: 'division-changes', title: '区划调整', group: '地名和区划', roles: CASEWORK,
    component: () => import('./views/placename/DivisionChangesView.vue') },
  { path: '/children', name: 'children', title: '困境儿童探访名单', group: '儿童福利', roles: CHILDREN,
    component: () => import('./views/children/ChildrenView.vue') },
  { path: '/children-dashboard', name: 'children-dashboard', title: '困境儿童看板', group: '儿童福利',
    roles: ['city_admin', 'district', 'child_supervisor'],
    component: () => import('./views/children/DashboardView.vue') },
  { path: '/institutions', name: 'institutions', title: '儿童福利机构', group: '儿童福利', roles: INSTITUTIONS,
    component: () => import('./views/children/InstitutionsView.vue') },
  { path: '/disability/consents', name: 'consents', title: '免申即享授权', group: '残疾人福利', roles: DISABILITY,
    component: () => import('./views/disability/ConsentsView.vue') },
  { path: '/disability/rehab', name: 'rehab', title: '精康融合行动', group: '残疾人福利', roles: DISABILITY,
    component: () => import('./views/disability/RehabView.vue') },
  { path: '/disability/tuoyang', name: 'tuoyang', title: '重度残疾人托养', group: '残疾人福利', roles: DISABILITY,
    component: () => import('./views/disability/TuoyangView.vue') },
  { path: '/marriages', name: 'marriages', title: '结婚登记', group: '婚姻登记', roles: REGISTRARS,
    component: () => import('./views/marriage/MarriagesView.vue') },
  { path: '/divorces', name: 'divorces', title: '离婚登记', group: '婚姻登记', roles: REGISTRARS,
    component: () => import('./views/marriage/DivorcesView.vue') },
  { path: '/marriage/appointments', name: 'appointments', title: '登记预约', group: '婚姻登记', roles: REGISTRARS,
    component: () => import('./views/marriage/AppointmentsView.vue') },
  { path: '/marriage/hukou', name: 'hukou', title: '结婚落户', group: '婚姻登记', roles: REGISTRARS,
    component: () => import('./views/marriage/HukouView.vue') },
  { path: '/marriage/refusals', name: 'refusals', title: '不予登记', group: '婚姻登记', roles: REGISTRARS,
    component: () => import('./views/marriage/RefusalsView.vue') },
  { path: '/deaths', name: 'deaths', title: '死亡登记', group: '殡葬管理', roles: CASEWORK,
    component: () => import('./views/funeral/DeathsView.vue') },
  { path: '/funeral/facilities', name: 'facilities', title: '殡葬设施', group: '殡葬管理', roles: REGISTRARS,
    component: () => import('./views/funeral/FacilitiesView.vue') },
  { path: '/funeral/records', name: 'burials', title: '火化与安葬', group: '殡葬管理', roles: REGISTRARS,
    component: () => import('./views/funeral/RecordsView.vue') },
  // 三权分立: each administrator sees its own page only
  { path: '/admin/accounts', name: 'admin-accounts', title: '账号管理', group: '系统管理', roles: ['sys_admin'],
    component: () => import('./views/admin/AccountsView.vue') },
  { path: '/admin/security', name: 'admin-security', title: '安全管理', group: '系统管理', roles: ['sec_admin'],
    component: () => import('./views/admin/SecurityView.vue') },
  { path: '/admin/audit', name: 'admin-audit', title: '审计日志', group: '系统管理', roles: ['audit_admin'],
    component: () => import('./views/admin/AuditLogView.vue') },
  { path: '/dashboard', name: 'dashboard', title: '管理看板', group: '监督管理', roles: MANAGERS,
    component: () => import('./views/supervision/DashboardView.vue') },
  { path: '/supervision', name: 'supervision', title: '监督看板', group: '监督管理', roles: SUPERVISORS,
    component: () => import('./views/supervision/SupervisionView.vue') },
  { path: '/spotchecks', name: 'spotchecks', title: '随机抽查', group: '监督管理', roles: SUPERVISORS,
    component: () => import('./views/supervision/SpotChecksView.vue') },
  { path: '/warnings/:id', name: 'warning', title: '预警', parent: 'queue', roles: CASEWORK,
    component: () => import('./views/assistance/WarningView.vue') },
  { path: '/cases/:id', name: 'case', title: '案件', parent: 'cases', roles: CASEWORK,
    component: () => import('./views/assistance/CaseView.vue') },
  { path: '/rolls/:id', name: 'roll', title: '名册', parent: 'rolls', roles: CASEWORK,
    component: () => import('./views/assistance/RollView.vue') },
  { path: '/care/providers/:id', name: 'provider', title: '机构详情', parent: 'providers', roles: CARE,
    component: () => import('./views/care/ProviderView.vue') },
  { path: '/households/:id', name: 'household', title: '家庭', parent: 'households', roles: CASEWORK,
    component: () => import('./views/registry/HouseholdView.vue') },
  { path: '/care/assessments/:id', name: 'assessment', title: '评估报告', parent: 'assessments', roles: CASEWORK,
    component: () => import('./views/care/AssessmentView.vue') },
  { path: '/care/persons/:id', name: 'person-care', title: '养老服务', parent: 'assessments', roles: CASEWORK,
    component: () => import('./views/care/PersonCareView.vue') },
  { path: '/care/persons/:id/assess', name: 'assess', title: '登记能力评估', parent: 'assessments', roles: CASEWORK,
    component: () => import('./views/care/AssessmentFormView.vue') },
  { path: '/orgs/:id', name: 'org', title: '组织详情', parent: 'orgs', roles: ORGS,
    component: () => import('./views/orgs/OrgView.vue') },
  { path: '/children/:id', name: 'child', title: '儿童档案', parent: 'children', roles: CHILDREN,
    component: () => import('./views/children/ChildView.vue') },
  { path: '/institutions/:id', name: 'institution', title: '机构在院儿童', parent: 'institutions', roles: INSTITUTIONS,
    component: () => import('./views/children/InstitutionView.vue') },
  { path: '/placements/:id', name: 'placement', title: '安置经历', parent: 'institutions', roles: INSTITUTIONS,
    component: () => import('./views/children/PlacementView.vue') },
  { path: '/marriages/:id', name: 'marriage', title: '婚姻登记档案', parent: 'marriages', roles: REGISTRARS,
    component: () => import('./views/marriage/MarriageView.vue') },
  { path: '/deaths/:id', name: 'death', title: '身后一件事', parent: 'deaths', roles: CASEWORK,
    component: () => import('./views/funeral/DeathView.vue') },
  { path: '/funeral/facilities/:id', name: 'facility', title: '设施详情', parent: 'facilities', roles: REGISTRARS,
    component: () => import('./views/funeral/FacilityView.vue') },
  { path: '/spotchecks/:id', name: 'spotcheck', title: '抽查', parent: 'spotchecks', roles: SUPERVISORS,
    component: () => import('./views/supervision/SpotCheckView.vue') },
  { path: '/persons/:id', name: 'person', title: '人员', parent: 'households', roles: CASEWORK,
    component: () => import('./views/registry/PersonView.vue') },
];

// The menu of a role: groups in table order, each with the pages it may use.
export function menuFor(role) {
  const groups = [];
  for (const p of PAGES.filter((x) => x.group !== undefined && x.roles.includes(role))) {
    let g = groups.find((x) => x.title === p.group);
    if (!g) groups.push((g = { title: p.group, pages: [] }));
    g.pages.push(p);
  }
  return groups;
}

export const pageByName = (name) => PAGES.find((p) => p.name === name);

// Where an account lands after sign-in: caseworkers of streets and
// communities on their work queue, provider accounts on their orders,
// 儿童主任 and 督导员 on their children, the others on the households.
export const landing = (user) => {
  if (user.role === 'sys_admin') return '/admin/accounts';
  if (user.role === 'sec_admin') return '/admin/security';
  if (user.role === 'audit_admin') return '/admin/audit';
  if (user.role === 'provider') return '/care/orders';
  if (user.role === 'org') return '/orgs/referrals';
  if (user.role === 'child_institution') return '/institutions';
  if (user.role.startsWith('child_')) return '/children';
  return ['street', 'community'].includes(user.role) ? '/queue' : '/households';
};

const routes = [
  {
    path: '/',
    component: PublicLayout,
    children: [
      { path: '', name: 'home', meta: { public: true, title: '数字民政' }, component: () => import('./views/public/LandingView.vue') },
      { path: 'login', name: 'login', meta: { public: true, title: '工作人员登录' }, component: () => import('./views/public/LoginView.vue') },
      { path: 'orgs-query', name: 'orgs-query', meta: { public: true, title: '社会组织查询' },
        component: () => import('./views/orgs/PublicOrgsView.vue') },
      { path: 'selfcheck', name: 'selfcheck', meta: { public: true, title: '我能享受哪些救助' },
        component: () => import('./views/public/SelfCheckView.vue') },
      { path: 'verify/:code', name: 'verify', meta: { public: true, title: '决定书核验' },
        component: () => import('./views/public/VerifyView.vue') },
      { path: 'placenames', name: 'placename-search', meta: { public: true, title: '地名查询' },
        component: () => import('./views/public/PlacenameSearchView.vue') },
      // 渝悦救助通: residents sign in with an SMS code; the pages handle their own 401
      { path: 'portal/login', name: 'portal-login', meta: { public: true, title: '渝悦救助通 居民登录' },
        component: () => import('./views/portal/PortalLoginView.vue') },
      { path: 'portal', name: 'portal', meta: { public: true, title: '渝悦救助通' },
        component: () => import('./views/portal/PortalHomeView.vue') },
      { path: 'portal/apply', name: 'portal-apply', meta: { public: true, title: '申请救助' },
        component: () => import('./views/portal/PortalApplyView.vue') },
      { path: 'portal/cases/:id', name: 'portal-case', meta: { public: true, title: '我的申请' },
        component: () => import('./views/portal/PortalCaseView.vue') },
    ],
  },
  {
    path: '/',
    component: ConsoleLayout,
    children: PAGES.map((p) => ({
      path: p.path.slice(1), name: p.name, component: p.component, meta: { title: p.title, roles: p.roles, page: p },
    })),
  },
  { path: '/:rest(.*)*', name: 'missing', meta: { public: true, title: '未找到' }, component: () => import('./views/public/MissingView.vue') },
];

export const router = createRouter({
  history: createWebHashHistory(),
  routes,
  scrollBehavior: (to, from, saved) => saved ?? { top: 0 },
});

// The page's code loads while the account is asked for, not after it
// (vue-router would load it only once this guard has answered).
const loadPage = (to) => {
  for (const r of to.matched) {
    const c = r.components?.default;
    if (typeof c === 'function') c().catch(() => {}); // the router reports a failure itself
  }
};

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  loadPage(to);
  const user = await currentUser();
  return user ? true : { name: 'login', query: { redirect: to.fullPath } };
});

router.afterEach((to) => {
  document.title = `${to.meta.title ?? '数字民政'} - 数字民政`;
});

setUnauthenticatedHandler(() => {
  forget();
  const here = router.currentRoute.value;
  if (!here.meta.public) router.push({ name: 'login', query: { redirect: here.fullPath } });
});
