import { SYSTEM_ROLES } from '@pm/server/dist/models/user';
import { SYSTEM_ROLE_LABELS } from '@pm/server/dist/services/system-roles';

/** Kept apart from the command, so `pm --help` and the other commands do not load the account services (exceljs). */
export const USER_USAGE = `pm user create --username 账号 --role 角色 [--name 姓名] [--county 县区id] [--org-unit 单位代码]
  新建账号，例如生产环境的第一个账号：pm user create --username zhangsan --name 张三 --role superadmin
  角色：${SYSTEM_ROLES.map((role) => `${role}（${SYSTEM_ROLE_LABELS[role]}）`).join('、')}、none（普通用户）
  密码从标准输入读取（管道输入时读第一行；在终端中会要求输入两次，不显示）
pm user reset-password --username 账号
  在服务器上为忘记密码的账号设置新密码（同样从标准输入读取），解除锁定并结束其全部登录
  数据库：设置了 MONGODB_URI 则连接它，否则使用 DATA_DIR（默认 ./data）中的内置数据库（服务器须先停止）`;
