import dayjs from 'dayjs';

export const formatTime = (at: string): string => dayjs(at).format('YYYY-MM-DD HH:mm');
